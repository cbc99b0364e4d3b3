/**
 * A dense bundle read as words, on the shipped CLIP-tiny through onnxruntime-node (the Engine the
 * worker runs): its word table read from the bundle, its word views, and the same table computed
 * from its text graph when the bundle ships none.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import type { Manifest } from '../bundle/types';
import { Engine } from './engine';
import type { EngineError } from './errors';

const BUNDLE = 'public/models/clip-tiny';
const IMAGE = 'public/models/lexvla-tiny/eval/images/0001.png';
const manifest = JSON.parse(readFileSync(join(BUNDLE, 'manifest.json'), 'utf8')) as Manifest;
const [ROWS, COLS] = manifest.preprocess.grid;

/** Vocabulary entries the tokenizer writes as one token of their own: "{word}" and "{token}" give the text graph the same input. */
const SINGLE_TOKEN_WORDS = ['dog', 'cat', 'red', 'tree', 'car'];

const tmp = mkdtempSync(join(tmpdir(), 'lexvla-dense-words-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** CLIP-tiny without its word table: manifest wordEmbeddings and words/ removed. */
function withoutTable(): string {
  const dir = join(tmp, 'clip-tiny-no-words');
  cpSync(BUNDLE, dir, { recursive: true });
  rmSync(join(dir, 'words'), { recursive: true });
  const m = structuredClone(manifest);
  delete m.wordEmbeddings;
  m.files = m.files.filter((f) => !f.path.startsWith('words/'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

describe('CLIP-tiny read as words (its own word table)', () => {
  const engine = new Engine(nodeRuntime());
  beforeAll(async () => {
    await engine.load(sourceFromDir(BUNDLE), 'cpu');
    await engine.encode(new Uint8Array(readFileSync(IMAGE)), '0001.png', 10);
  });
  afterAll(() => engine.dispose());

  it('has no words until its table is read, then the manifest says what they are', async () => {
    const e = (() => {
      try {
        engine.words({ kind: 'global' }, 5);
      } catch (err) {
        return err as EngineError;
      }
      return null;
    })();
    expect([e?.code, e?.message]).toEqual(['no-vocabulary', 'clip-tiny is a dense bundle with no words yet: read its word table first (prepareWords).']);
    const info = await engine.prepareWords();
    expect(info).toMatchObject({ source: 'bundle', count: 753, template: '{token}', rule: 'llama2-filter-v1, training-caption words' });
    expect(engine.info().wordEmbeddings).toEqual({ count: 753, template: '{token}', rule: 'llama2-filter-v1, training-caption words' });
  });

  it('lists the nearest words by cosine, best first, for the image, a patch and a region', () => {
    for (const target of [{ kind: 'global' } as const, { kind: 'patch', index: 27 } as const, { kind: 'region', r0: 0, c0: 0, r1: 3, c1: 3 } as const]) {
      const l = engine.words(target, 20);
      expect(l.words).toHaveLength(20);
      expect(new Set(l.words).size).toBe(20);
      for (let i = 1; i < 20; i++) expect(l.values[i]).toBeLessThanOrEqual(l.values[i - 1]);
      expect(l.values[0]).toBeLessThanOrEqual(1);
      expect(l.values[19]).toBeGreaterThan(-1);
    }
    // A one-patch region is that patch (the mean of one embedding).
    expect(engine.words({ kind: 'region', r0: 3, c0: 3, r1: 3, c1: 3 }, 10)).toEqual(engine.words({ kind: 'patch', index: 3 * COLS + 3 }, 10));
  });

  it("a patch's nearest word has, on that patch, the cosine its heatmap shows, and no patch words beat it there", () => {
    const patch = 2 * COLS + 5;
    const l = engine.words({ kind: 'patch', index: patch }, 5);
    const h = engine.wordHeatmap(engine.wordIndex(l.words[0]));
    expect(h.label).toBe(l.words[0]);
    expect(h.values).toHaveLength(ROWS * COLS);
    expect(h.values[patch]).toBeCloseTo(l.values[0], 5);
    const second = engine.wordHeatmap(engine.wordIndex(l.words[1]));
    expect(second.values[patch]).toBeCloseTo(l.values[1], 5);
    expect(second.values[patch]).toBeLessThanOrEqual(h.values[patch]);
  });

  it("gives every patch its k nearest words, the same as that patch's word list", () => {
    const all = engine.patchWords(10);
    expect(all).toHaveLength(ROWS * COLS);
    expect(all[0]).toHaveLength(10);
    expect(all[37]).toEqual(engine.words({ kind: 'patch', index: 37 }, 10).words);
  });

  it('finds words by their text, and says -1 for text that is no word of it', () => {
    expect(engine.wordIndex('dog')).toBeGreaterThanOrEqual(0);
    expect(engine.wordIndex('raccoon')).toBe(-1); // Llama-2 has no such token: r + acc + oon
  });
});

describe('CLIP-tiny without its word table: computed from its text graph', () => {
  const shipped = new Engine(nodeRuntime());
  const computed = new Engine(nodeRuntime());
  beforeAll(async () => {
    await shipped.load(sourceFromDir(BUNDLE), 'cpu');
    await shipped.prepareWords();
    await computed.load(sourceFromDir(withoutTable()), 'cpu');
  });
  afterAll(async () => {
    await shipped.dispose();
    await computed.dispose();
  });

  it('needs a word list, and says so', async () => {
    await expect(computed.prepareWords()).rejects.toThrow('clip-tiny ships no word embeddings (manifest.json wordEmbeddings): give a word list to compute them with its text graph');
  });

  it('embeds the words it is given with text.onnx, reporting progress, equal to the shipped table within its int8 rounding', async () => {
    const progress: Array<[number, number, string]> = [];
    const info = await computed.prepareWords(SINGLE_TOKEN_WORDS, 'test-rule', (d, n, phase) => progress.push([d, n, phase]));
    expect(info).toMatchObject({ source: 'computed', count: SINGLE_TOKEN_WORDS.length, template: '{word}', rule: 'test-rule' });
    expect(progress.at(-1)).toEqual([SINGLE_TOKEN_WORDS.length, SINGLE_TOKEN_WORDS.length, 'words']);
    const a = computed.wordTable!.table;
    const b = shipped.wordTable!.table;
    const D = a.dim;
    // Both tables hold unit rows: the shipped one's entries are int8 x a row scale, each within half
    // a scale (max|row| / 254 <= 1.7e-3: these rows peak at 0.32-0.43), the computed one's float32
    // from the same fp16 weights. Measured: cosine >= 0.99989, largest difference 1.8e-3. Two
    // different words are further apart: each of these words' nearest other word is at cosine < 0.984
    // with an entry off by >= 3e-2.
    for (const [i, w] of SINGLE_TOKEN_WORDS.entries()) {
      const j = shipped.wordIndex(w);
      let dot = 0;
      let worst = 0;
      for (let d = 0; d < D; d++) {
        dot += a.rows[i * D + d] * b.rows[j * D + d];
        worst = Math.max(worst, Math.abs(a.rows[i * D + d] - b.rows[j * D + d]));
      }
      expect({ w, cosine: dot }).toSatisfy((r: { cosine: number }) => r.cosine > 0.9995);
      expect({ w, worst }).toSatisfy((r: { worst: number }) => r.worst < 2.5e-3);
    }
  });
});
