/**
 * The e2e fixtures made by scripts/make_fixture_bundle.py do what they claim, run through the
 * real decoder, the real preprocessing and onnxruntime-node: a red patch's top word is "red",
 * the global top words of red-left-blue-right.png are red and blue, bad inputs fail.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { unzipSync } from 'fflate';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/bundle/types';
import { ImageInputError, decodeImage } from '../src/image/decode';
import { preprocess } from '../src/image/preprocess';

const FIX = join(import.meta.dirname, '..', 'e2e', 'fixtures');
const read = (...p: string[]) => new Uint8Array(readFileSync(join(FIX, ...p)));
const json = <T>(...p: string[]) => JSON.parse(readFileSync(join(FIX, ...p), 'utf8')) as T;

async function run(bundle: string, image: string) {
  const manifest = json<Manifest>(bundle, 'manifest.json');
  const session = await ort.InferenceSession.create(read(bundle, manifest.vision.file));
  const { tensor } = preprocess(decodeImage(read('images', image), image), manifest.preprocess);
  const feeds = { [manifest.vision.input.name]: new ort.Tensor('float32', tensor, [1, 3, 224, 224]) };
  const out = await session.run(feeds);
  const patch = out[manifest.vision.outputs.patch!.name].data as Float32Array; // float32 [256, V]
  const global = out[manifest.vision.outputs.global!.name].data as Float32Array; // float32 [V]
  return { manifest, patch, global };
}

const ranked = (scores: ArrayLike<number>, words: string[]) =>
  Array.from(scores, (s, i) => [words[i], s] as const).sort((a, b) => b[1] - a[1]);

describe('color-bundle (lexical)', () => {
  const { words, tokenIds } = json<{ words: string[]; tokenIds: number[] }>('color-bundle', 'vocab.json');
  const V = words.length;

  it('manifest files[] lists every file with its exact size', () => {
    const manifest = json<Manifest>('color-bundle', 'manifest.json');
    expect(manifest.vocabulary?.size).toBe(V);
    for (const f of manifest.files) expect(statSync(join(FIX, 'color-bundle', f.path)).size).toBe(f.bytes);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['tokenizer.json', 'vision.onnx', 'vocab.json']);
  });

  it('red-left-blue-right: left patches say red, right patches blue, global top two are red and blue', async () => {
    const { manifest, patch, global } = await run('color-bundle', 'red-left-blue-right.png');
    expect(patch.length).toBe(256 * V);
    expect(Math.min(...patch)).toBeGreaterThan(0); // ELU1p scores are positive
    const left = ranked(patch.subarray(0, V), words); // patch 0: top-left
    const right = ranked(patch.subarray(15 * V, 16 * V), words); // patch 15: top-right
    expect(left[0]).toEqual(['red', 4]);
    expect(right[0]).toEqual(['blue', 4]);
    // Second-nearest colours are visibly weaker but survive the 1/sqrt(V) threshold.
    expect(left[1][1]).toBeCloseTo(2, 5);
    expect(new Set(ranked(global, words).slice(0, 2).map(([w]) => w))).toEqual(new Set(['red', 'blue']));
    const norm = Math.hypot(...global);
    expect(norm).toBeCloseTo(1, 5);
    const active = ranked(global, words).filter(([, s]) => s > manifest.sparsify!.threshold).map(([w]) => w);
    expect(active.slice(0, 2).sort()).toEqual(['blue', 'red']);
    for (const inert of ['dog', 'car', 'tree', 'music', 'idea']) expect(active).not.toContain(inert);
  });

  it('red-square-on-blue: the centre patch is red, the corner blue, matching the mask', async () => {
    const { patch } = await run('color-bundle', 'red-square-on-blue.png');
    const top = (p: number) => ranked(patch.subarray(p * V, (p + 1) * V), words)[0][0];
    expect(top(8 * 16 + 8)).toBe('red');
    expect(top(0)).toBe('blue');
    expect(top(4 * 16 + 4)).toBe('red'); // the square starts at pixel 56 = patch 4
    expect(top(3 * 16 + 3)).toBe('blue');
  });

  it('tokenizer.json loads with @huggingface/tokenizers; tokenIds match it', () => {
    const config = json<{ model: { unk_token: string } }>('color-bundle', 'tokenizer.json');
    // This package runs WordLevel through its "Legacy" model, which takes unk_token from the
    // second argument: without it, unknown words get id null instead of [UNK]'s 0.
    const tokenizer = new Tokenizer(config, { unk_token: config.model.unk_token });
    words.forEach((w, i) => expect(tokenizer.token_to_id(w)).toBe(tokenIds[i]));
    const { ids, tokens } = tokenizer.encode('A RED Dog, zebra');
    expect(tokens).toEqual(['a', 'red', 'dog', ',', 'zebra']);
    expect(ids).toEqual([0, tokenIds[words.indexOf('red')], tokenIds[words.indexOf('dog')], 0, 0]);
  });

  it('color-bundle.zip holds the same files, at the zip root', () => {
    const files = unzipSync(read('color-bundle.zip'));
    expect(Object.keys(files).sort()).toEqual(['manifest.json', 'tokenizer.json', 'vision.onnx', 'vocab.json']);
    for (const [name, bytes] of Object.entries(files)) expect(Buffer.from(bytes).equals(read('color-bundle', name))).toBe(true);
  });
});

describe('color-dense-bundle', () => {
  it('patch embeddings are unit mean colours; the nearest text vector names the colour', async () => {
    const { manifest, patch, global } = await run('color-dense-bundle', 'red-left-blue-right.png');
    expect(manifest.kind).toBe('dense');
    expect(manifest.embeddingDim).toBe(3);
    expect(Array.from(patch.subarray(0, 3)).map((x) => Number(x.toFixed(5)))).toEqual([1, 0, 0]);
    expect(Array.from(patch.subarray(15 * 3, 16 * 3)).map((x) => Number(x.toFixed(5)))).toEqual([0, 0, 1]);
    expect(Math.hypot(...global)).toBeCloseTo(1, 5);
    const text = json<{ texts: string[]; vectors: number[][] }>('color-dense-bundle', 'text.json');
    const dot = (p: number) => text.vectors.map((v) => v[0] * patch[p * 3] + v[1] * patch[p * 3 + 1] + v[2] * patch[p * 3 + 2]);
    const best = (p: number) => text.texts[dot(p).indexOf(Math.max(...dot(p)))];
    expect([best(0), best(15)]).toEqual(['red', 'blue']);
  });
});

describe('bad fixtures fail as they should', () => {
  it.each([
    ['not-an-image.txt', 'not-an-image.txt: not an image (starts with "hello wor"); expected a PNG, JPEG or GIF image'],
    ['empty.png', 'empty.png: the file is empty (0 bytes); expected a PNG, JPEG or GIF image'],
    ['corrupt.png', 'corrupt.png: the PNG data is corrupt or truncated (unexpected end of data)'],
    ['huge-10000.png', 'huge-10000.png: 10000 x 10000 pixels (100.0 MP) is larger than the 40 MP limit; downscale it first'],
    ['animated.gif', 'animated.gif: animated GIF with 3 frames; save one frame as PNG or JPEG'],
    ['vector.svg', 'vector.svg: SVG is a vector format and is not supported; export it as PNG or JPEG'],
  ])('%s', (name, message) => {
    expect(() => decodeImage(read('bad', name), name)).toThrow(new ImageInputError(name, message.slice(name.length + 2)));
  });

  it.each(['truncated-model', 'not-onnx'])('%s: onnxruntime refuses vision.onnx', async (name) => {
    await expect(ort.InferenceSession.create(read('bad', name, 'vision.onnx'))).rejects.toThrow();
  });

  it('truncated-model: the manifest still lists the full size, so a size check catches it first', () => {
    const manifest = json<Manifest>('bad', 'truncated-model', 'manifest.json');
    const listed = manifest.files.find((f) => f.path === 'vision.onnx')!.bytes;
    expect(statSync(join(FIX, 'bad', 'truncated-model', 'vision.onnx')).size).toBeLessThan(listed);
  });
});
