/** The word table's bytes: decoding each layout, and the errors that name the file, the entry and what was expected. */
import { describe, expect, it } from 'vitest';
import { denseWithWordsFixture } from './fixtures';
import { BundleError } from './issues';
import { loadWordEmbeddings } from './loaders';
import { sourceFromMemory } from './source';
import type { WordEmbeddingsSpec } from './types';
import { decodeWordEmbeddings, halfToFloat, wordEmbeddingBytes } from './word-embeddings';

const spec = (over: Partial<WordEmbeddingsSpec>): WordEmbeddingsSpec => ({
  file: 'words/embeddings.bin',
  vocabulary: { file: 'words/vocab.json', size: 2, rule: 'test' },
  shape: [2, 3],
  dtype: 'int8',
  scale: 'row',
  template: '{word}',
  ...over,
});

function bytes(build: (v: DataView) => void, n: number): Uint8Array {
  const b = new Uint8Array(n);
  build(new DataView(b.buffer));
  return b;
}

function thrown(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BundleError);
    return (e as BundleError).issues.map((i) => i.message);
  }
  throw new Error('expected a BundleError');
}

describe('decodeWordEmbeddings', () => {
  it('int8 with a scale per row: the scales first, then the bytes', () => {
    const s = spec({});
    expect(wordEmbeddingBytes(s)).toBe(4 * 2 + 2 * 3);
    const b = bytes((v) => {
      v.setFloat32(0, 0.5, true);
      v.setFloat32(4, 2, true);
      [1, -2, 3, 127, 0, -127].forEach((x, i) => v.setInt8(8 + i, x));
    }, 14);
    expect(Array.from(decodeWordEmbeddings(b, s))).toEqual([0.5, -1, 1.5, 254, 0, -254]);
  });

  it('int8 with one scale for the table', () => {
    const s = spec({ scale: 'global' });
    expect(wordEmbeddingBytes(s)).toBe(4 + 6);
    const b = bytes((v) => {
      v.setFloat32(0, 0.25, true);
      [4, 8, -4, 0, 1, 2].forEach((x, i) => v.setInt8(4 + i, x));
    }, 10);
    expect(Array.from(decodeWordEmbeddings(b, s))).toEqual([1, 2, -1, 0, 0.25, 0.5]);
  });

  it('float16, little-endian halves', () => {
    const s = spec({ dtype: 'float16', scale: undefined });
    expect(wordEmbeddingBytes(s)).toBe(12);
    // 1.0, -2.0, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), 0
    const halves = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x0000];
    const b = bytes((v) => halves.forEach((h, i) => v.setUint16(2 * i, h, true)), 12);
    expect(Array.from(decodeWordEmbeddings(b, s))).toEqual([1, -2, 0.5, 65504, 2 ** -24, 0]);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('names the file, the entry and what was expected when the bytes are wrong', () => {
    expect(thrown(() => decodeWordEmbeddings(new Uint8Array(13), spec({})))).toEqual([
      'words/embeddings.bin: size is 13 bytes, expected 14 bytes for int8 [2,3] with one float32 scale per row (4 x 2 + 2 x 3 bytes), wordEmbeddings in manifest.json',
    ]);
    const nanScale = bytes((v) => {
      v.setFloat32(0, 1, true);
      v.setFloat32(4, NaN, true);
    }, 14);
    expect(thrown(() => decodeWordEmbeddings(nanScale, spec({})))).toEqual([
      'words/embeddings.bin: scale[1] is NaN, expected a finite number >= 0 (int8 [2,3] with one float32 scale per row (4 x 2 + 2 x 3 bytes), wordEmbeddings in manifest.json)',
    ]);
    const negative = bytes((v) => v.setFloat32(0, -1, true), 10);
    expect(thrown(() => decodeWordEmbeddings(negative, spec({ scale: 'global' })))).toEqual([
      'words/embeddings.bin: scale is -1, expected a finite number >= 0 (int8 [2,3] with one float32 scale for the table (4 + 2 x 3 bytes), wordEmbeddings in manifest.json)',
    ]);
    const inf = bytes((v) => v.setUint16(8, 0x7c00, true), 12);
    expect(thrown(() => decodeWordEmbeddings(inf, spec({ dtype: 'float16', scale: undefined })))).toEqual([
      'words/embeddings.bin: value [1,1] is Infinity, expected a finite number (float16 [2,3] (2 x 2 x 3 bytes), wordEmbeddings in manifest.json)',
    ]);
  });
});

describe('loadWordEmbeddings', () => {
  it('reads the words and the table of a bundle', async () => {
    const b = denseWithWordsFixture();
    const t = await loadWordEmbeddings(sourceFromMemory('fixture', b.files), b.manifest);
    expect(t.words).toEqual(['dog', 'cat', 'grass', 'sky', 'red']);
    expect(t.dim).toBe(8);
    expect(Array.from(t.values.subarray(8, 16))).toEqual([0, 10, 0, 0, 0, 0, 0, -0.5]);
  });
});
