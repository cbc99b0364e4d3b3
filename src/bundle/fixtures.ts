/**
 * Tiny, valid bundles built in memory, for tests here and elsewhere (CLI, worker):
 * a 28 x 28 input with 14-pixel patches (2 x 2 grid), V = 5 lexical or D = 8 dense.
 * The ONNX graphs declare exactly the manifest's inputs and outputs (onnx-write.ts).
 */
import { encode as encodePng } from 'fast-png';
import { constantGraph, ELEM } from './onnx-write';
import type { Manifest } from './types';

const utf8 = new TextEncoder();
export const jsonBytes = (v: unknown) => utf8.encode(JSON.stringify(v));

/** A vision graph declaring `outputs` beside a [1,3,28,28] float32 input "pixels" (runnable: each output is a constant). */
export function visionGraph(outputs: Array<{ name: string; shape: Array<number | string> }>): Uint8Array {
  return constantGraph({
    inputs: [{ name: 'pixels', elemType: ELEM.float32, shape: [1, 3, 28, 28] }],
    outputs: outputs.map((o) => ({ name: o.name, elemType: ELEM.float32, shape: o.shape })),
  });
}

/** A grayscale (or RGB) PNG of w x h, zeros. */
export const png = (w: number, h: number, channels: 1 | 3 = 1): Uint8Array =>
  encodePng({ width: w, height: h, data: new Uint8Array(w * h * channels), channels, depth: 8 });

export const VOCAB = { words: ['dog', 'cat', 'grass', 'sky', 'red'], tokenIds: [11, 12, 13, 14, 15] };
export const TOKENIZER = { version: '1.0', model: { type: 'WordLevel', vocab: { dog: 11 }, unk_token: '[UNK]' } };

export interface FixtureBundle {
  manifest: Manifest;
  files: Record<string, Uint8Array>;
}

/** Fills manifest.files from the file contents, so sizes always match. */
function withFiles(manifest: Omit<Manifest, 'files'>, files: Record<string, Uint8Array>): FixtureBundle {
  const m = { ...manifest, files: Object.entries(files).map(([path, b]) => ({ path, bytes: b.length })) } as Manifest;
  return { manifest: m, files };
}

const base = {
  format: 'lexvla-bundle',
  version: 1,
  description: 'test fixture',
  preprocess: {
    inputSize: [28, 28],
    patchSize: 14,
    grid: [2, 2],
    resize: { shortestEdge: 28, filter: 'bilinear' },
    crop: 'center',
    background: [255, 255, 255],
    rescale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    channelOrder: 'RGB',
    layout: 'NCHW',
  },
  provenance: { trainedBy: 'fixtures.ts', data: 'none', command: 'none', commit: 'none', date: '2025-01-31' },
} as const;

export function lexicalFixture(): FixtureBundle {
  return withFiles(
    {
      ...structuredClone(base),
      name: 'tiny-lexical',
      kind: 'lexical',
      vision: {
        file: 'vision/model.onnx',
        weights: 'fp32',
        input: { name: 'pixels', shape: [1, 3, 28, 28], dtype: 'float32' },
        outputs: {
          patch: { name: 'patch_scores', shape: [1, 4, 5], dtype: 'float32' },
          global: { name: 'global', shape: ['batch', 5], dtype: 'float32' },
        },
      },
      vocabulary: { file: 'vocab.json', size: 5, rule: 'fixture' },
      sparsify: { threshold: 1 / Math.sqrt(5), topK: null },
      text: { mode: 'lookup', tokenizer: 'tokenizer.json' },
    } as Omit<Manifest, 'files'>,
    {
      'vision/model.onnx': visionGraph([{ name: 'patch_scores', shape: [1, 4, 5] }, { name: 'global', shape: ['batch', 5] }]),
      'vocab.json': jsonBytes(VOCAB),
      'tokenizer.json': jsonBytes(TOKENIZER),
    },
  );
}

export function denseFixture(): FixtureBundle {
  const vectors = { texts: ['a dog', 'a cat'], vectors: [[1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0]] };
  return withFiles(
    {
      ...structuredClone(base),
      name: 'tiny-dense',
      kind: 'dense',
      vision: {
        file: 'vision.onnx',
        weights: 'fp16',
        input: { name: 'pixels', shape: [1, 3, 28, 28], dtype: 'float32' },
        outputs: { patch: { name: 'patch_emb', shape: [1, 4, 8], dtype: 'float32' } },
      },
      embeddingDim: 8,
      text: { mode: 'precomputed', file: 'text/vectors.json' },
    } as Omit<Manifest, 'files'>,
    { 'vision.onnx': visionGraph([{ name: 'patch_emb', shape: [1, 4, 8] }]), 'text/vectors.json': jsonBytes(vectors) },
  );
}

/** The lexical fixture with an int8 variant of its vision graph (vision.variants; the same constant outputs). */
export function lexicalWithVariantFixture(): FixtureBundle {
  const b = lexicalFixture();
  const { files: _old, ...manifest } = b.manifest;
  void _old;
  manifest.vision = { ...manifest.vision, variants: [{ name: 'int8', file: 'vision/model.int8.onnx', weights: 'int8', note: 'MatMul weights int8' }] };
  return withFiles(manifest, { ...b.files, 'vision/model.int8.onnx': b.files['vision/model.onnx'] });
}

/** The fixture's files plus its manifest.json, ready for sourceFromMemory. */
export function fixtureFiles(b: FixtureBundle): Record<string, Uint8Array> {
  return { 'manifest.json': jsonBytes(b.manifest), ...b.files };
}

/** The lexical fixture plus a 2-item gallery and a 1-image evaluation set. */
export function lexicalWithExtrasFixture(): FixtureBundle {
  const b = lexicalFixture();
  const image = png(16, 12, 3);
  const gallery = {
    format: 'lexvla-gallery',
    version: 1,
    items: [
      { id: 'a', image: 'gallery/a.png', captions: ['a dog on grass'] },
      { id: 'b', image: 'gallery/b.png', captions: ['a red sky', 'sunset'] },
    ],
    imageVectors: [{ indices: [0, 2], values: [0.8, 0.6] }, { indices: [3, 4], values: [0.6, 0.8] }],
    captionVectors: [{ indices: [0, 2], values: [0.6, 0.8] }, { indices: [3, 4], values: [0.8, 0.6] }, { indices: [3], values: [1] }],
  };
  const evalSet = {
    format: 'lexvla-evalset',
    version: 1,
    name: 'tiny-eval',
    classes: ['dog', 'cat'],
    items: [{ id: 'x', image: 'images/x.png', mask: 'masks/x.png', captions: ['a dog'], boxes: [{ class: 1, box: [0, 0, 10, 10] }] }],
  };
  const files = {
    ...b.files,
    'gallery/index.json': jsonBytes(gallery),
    'gallery/a.png': image,
    'gallery/b.png': image,
    'eval/evalset.json': jsonBytes(evalSet),
    'eval/images/x.png': image,
    'eval/masks/x.png': png(16, 12),
  };
  const { files: _old, ...manifest } = b.manifest;
  void _old;
  return withFiles(
    { ...manifest, gallery: { index: 'gallery/index.json', size: 2 }, eval: { dir: 'eval', classes: 2, images: 1 } },
    files,
  );
}

/**
 * The dense fixture with a word table (manifest wordEmbeddings): VOCAB's 5 words, int8 with a
 * scale per row. Row i holds 10 x (i + 1) in column i and -1 in column 7, scale 0.5: value 5(i + 1)
 * and -0.5.
 */
export function denseWithWordsFixture(): FixtureBundle {
  const b = denseFixture();
  const [V, D] = [VOCAB.words.length, 8];
  const table = new Uint8Array(4 * V + V * D);
  const view = new DataView(table.buffer);
  for (let r = 0; r < V; r++) {
    view.setFloat32(4 * r, 0.5, true);
    view.setInt8(4 * V + r * D + r, 10 * (r + 1));
    view.setInt8(4 * V + r * D + 7, -1);
  }
  const { files: _old, ...manifest } = b.manifest;
  void _old;
  return withFiles(
    {
      ...manifest,
      wordEmbeddings: {
        file: 'words/embeddings.bin',
        vocabulary: { file: 'words/vocab.json', size: V, rule: 'fixture' },
        shape: [V, D],
        dtype: 'int8',
        scale: 'row',
        template: '{word}',
      },
    },
    { ...b.files, 'words/embeddings.bin': table, 'words/vocab.json': jsonBytes(VOCAB) },
  );
}
