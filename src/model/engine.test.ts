/**
 * The Engine on the colour fixture bundle (e2e/fixtures/color-bundle: each patch's colour maps to
 * colour words), through onnxruntime-node: the same Engine the worker runs.
 */
import { Engine } from './engine';
import { WARM_UP_RUNS } from './warm-up';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import type { Manifest } from '../bundle/types';
import { toWorkerError, type EngineError } from './errors';

const FIXTURE = 'e2e/fixtures/color-bundle';
const manifest = JSON.parse(readFileSync(join(FIXTURE, 'manifest.json'), 'utf8')) as Manifest;
const [H, W] = manifest.preprocess.inputSize;
const [ROWS, COLS] = manifest.preprocess.grid;

/** A PNG of the model's input size: left half `left`, right half `right` (whole patches each). */
function halves(left: [number, number, number], right: [number, number, number]): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  const split = (COLS / 2) * manifest.preprocess.patchSize;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set(x < split ? left : right, (y * W + x) * 3);
  return encodePng({ width: W, height: H, data, channels: 3, depth: 8 });
}

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<EngineError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected a rejection');
}

/** A copy of the fixture to break, removed after the tests. */
const tmp = mkdtempSync(join(tmpdir(), 'lexvla-engine-'));
function brokenCopy(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return dir;
}
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Engine on the colour fixture', () => {
  const engine = new Engine(nodeRuntime());
  let words: string[];

  beforeAll(async () => {
    const info = await engine.load(sourceFromDir(FIXTURE), 'cpu');
    expect(info.kind).toBe('lexical');
    expect(info.grid).toEqual([ROWS, COLS]);
    words = engine.vocabulary()!.words;
    expect(words).toContain('red');
    expect(words).toContain('blue');
    await engine.encode(halves(RED, BLUE), 'red-blue.png', 10);
  });

  it('a warm-up runs the model, then encodes images through every stage, and leaves the encoded image and its words as they were', async () => {
    const before = engine.words({ kind: 'patch', index: 0 }, 5);
    const report = await engine.warmUp(undefined, undefined, 0);
    expect(report.blankMs).toBeGreaterThan(0);
    expect(report.encodes).toHaveLength(WARM_UP_RUNS - 1);
    // A real PNG went through the decoder and the preprocessing, not a blank tensor to the model.
    for (const stage of ['decode', 'preprocess', 'inference', 'postprocess'] as const) expect(report.encodes[0][stage]).toBeGreaterThan(0);
    expect(engine.words({ kind: 'patch', index: 0 }, 5)).toEqual(before);
    // Weights over the limit: no run (a large model's one run would hold up the user's image).
    expect(await engine.warmUp(1, undefined, 0)).toEqual({ blankMs: null, encodes: [] });
  });

  it('an image the user chose ends the warm-up after the run in progress', async () => {
    const warming = engine.warmUp(undefined, undefined, 0);
    // Sent while the blank run is under way: the encode queues behind it, and no warm-up encode follows.
    const encoding = engine.encode(halves(RED, BLUE), 'red-blue.png', 10);
    const [report, encoded] = await Promise.all([warming, encoding]);
    expect(report.blankMs).toBeGreaterThan(0);
    expect(report.encodes).toEqual([]);
    expect(encoded.name).toBe('red-blue.png');
    expect(engine.encoded?.name).toBe('red-blue.png');
  });

  it('a red patch says "red" first, a blue one "blue"', () => {
    expect(engine.words({ kind: 'patch', index: 0 }, 5).words[0]).toBe('red');
    expect(engine.words({ kind: 'patch', index: COLS - 1 }, 5).words[0]).toBe('blue');
  });

  it('reports the stage timings and the global words of both halves', async () => {
    const r = await engine.encode(halves(RED, BLUE), 'red-blue.png', 2);
    expect(new Set(r.global.words)).toEqual(new Set(['red', 'blue']));
    expect(r.global.activeCount).toBeGreaterThanOrEqual(2);
    expect(r.preview).toMatchObject({ width: W, height: H });
    for (const t of Object.values(r.timings)) expect(t).toBeGreaterThanOrEqual(0);
  });

  it('max-pools a region: a row across both halves has both colours on top', () => {
    const region = engine.words({ kind: 'region', r0: 0, c0: 0, r1: 0, c1: COLS - 1 }, 2);
    expect(new Set(region.words)).toEqual(new Set(['red', 'blue']));
    const leftOnly = engine.words({ kind: 'region', r0: 0, c0: 0, r1: ROWS - 1, c1: COLS / 2 - 1 }, 1);
    expect(leftOnly.words).toEqual(['red']);
  });

  it('wordHeatmap("red") is high on the left patches and low on the right ones', () => {
    const red = words.indexOf('red');
    const h = engine.wordHeatmap(red);
    expect(h.label).toBe('red');
    expect(h.values.length).toBe(ROWS * COLS);
    const left = h.values[0];
    const right = h.values[COLS - 1];
    expect(left).toBeGreaterThan(right);
    expect(h.max).toBeCloseTo(Math.max(...h.values), 6);
    expect(h.min).toBeCloseTo(Math.min(...h.values), 6);
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) expect(h.values[r * COLS + c]).toBeCloseTo(c < COLS / 2 ? left : right, 5);
    }
  });

  it('setSparsify with topK 1 keeps one active word', () => {
    const g = engine.setSparsify({ threshold: 0, topK: 1 }, 10)!;
    expect(g.activeCount).toBe(1);
    expect(g.words.length).toBe(1);
    engine.setSparsify(manifest.sparsify!, 10);
  });

  it('keeps the previous image when a new one fails to decode', async () => {
    const before = engine.words({ kind: 'patch', index: 0 }, 3);
    const e = await rejection(engine.encode(new TextEncoder().encode('not an image'), 'notes.txt'));
    expect(e.name).toBe('ImageInputError');
    expect(e.message).toMatch(/^notes\.txt: not an image/);
    expect(engine.words({ kind: 'patch', index: 0 }, 3)).toEqual(before);
  });

  it('rejects a word index outside the vocabulary', async () => {
    const e = await rejection(() => engine.wordHeatmap(words.length));
    expect(e.message).toBe(`word index ${words.length} is outside the vocabulary, expected an integer in [0, ${words.length - 1}]`);
  });

  it('a graph ONNX Runtime cannot load is a bad-model error naming the file; the previous model stays', async () => {
    const broken = brokenCopy('bad-model', (dir) => {
      const file = join(dir, manifest.vision.file);
      const bytes = readFileSync(file);
      // Rename an operator everywhere (same length, so sizes and the header check still pass).
      const op = ['MatMul', 'Conv', 'Gemm', 'Add', 'Mul'].find((o) => bytes.includes(Buffer.from(o)));
      expect(op, 'the fixture graph uses one of MatMul, Conv, Gemm, Add, Mul').toBeDefined();
      const renamed = Buffer.from(bytes.toString('latin1').split(op!).join(op!.slice(0, -1) + 'Q'), 'latin1');
      writeFileSync(file, renamed);
    });
    const e = await rejection(engine.load(sourceFromDir(broken), 'cpu'));
    expect(e.code).toBe('bad-model');
    expect(e.message).toMatch(new RegExp(`^${manifest.vision.file.replace(/\./g, '\\.')}: onnxruntime-node [0-9.]+ could not load the model on cpu: .+`));
    expect(engine.info().name).toBe(manifest.name);
    expect(engine.words({ kind: 'patch', index: 0 }, 1).words).toEqual(['red']);
  });

  it('a file that is not the one its SHA-256 names is a bad-bundle error naming it; the previous model stays', async () => {
    for (const target of [manifest.vision.file, manifest.vocabulary!.file]) {
      const broken = brokenCopy(`sha-${target}`, (dir) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        for (const f of m.files) f.sha256 = createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex');
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
        // One byte changed after the hashes were taken, so sizes and the ONNX and JSON checks
        // still pass: a newline of the JSON made a space, the graph's last byte flipped.
        const file = join(dir, target);
        const bytes = readFileSync(file);
        const at = target.endsWith('.json') ? bytes.indexOf(0x0a) : bytes.length - 1;
        bytes[at] = target.endsWith('.json') ? 0x20 : bytes[at] ^ 1;
        writeFileSync(file, bytes);
      });
      const e = toWorkerError(await rejection(engine.load(sourceFromDir(broken), 'cpu')));
      expect(e.code).toBe('bad-bundle');
      expect(e.message).toMatch(new RegExp(`${target.replace(/\./g, '\\.')}: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \\(files\\[\\d+\\]\\.sha256 in manifest\\.json\\)`));
      expect(engine.info().name).toBe(manifest.name);
      // With the hashes right, the same copy loads.
      const m = JSON.parse(readFileSync(join(broken, 'manifest.json'), 'utf8'));
      for (const f of m.files) f.sha256 = createHash('sha256').update(readFileSync(join(broken, f.path))).digest('hex');
      writeFileSync(join(broken, 'manifest.json'), JSON.stringify(m));
      if (target === manifest.vision.file) {
        const other = new Engine(nodeRuntime());
        await expect(other.load(sourceFromDir(broken), 'cpu')).resolves.toMatchObject({ name: manifest.name });
      }
    }
  });

  it('an invalid bundle is a bad-bundle error listing every issue', async () => {
    const broken = brokenCopy('bad-bundle', (dir) => {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      m.files[0].bytes += 1;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    });
    const e = await rejection(engine.load(sourceFromDir(broken), 'cpu'));
    expect(e.code).toBe('bad-bundle');
    expect(e.issues!.length).toBeGreaterThan(0);
    expect(e.message).toContain(e.issues![0].message);
    expect(engine.info().name).toBe(manifest.name);
  });
});

describe('Engine without a model or image', () => {
  it('says to load a bundle first', async () => {
    const e = await rejection(new Engine(nodeRuntime()).encode(new Uint8Array(1), 'x.png'));
    expect([e.code, e.message]).toEqual(['no-model', 'No model is loaded: load a bundle first.']);
  });

  it('says to open an image first', async () => {
    const engine = new Engine(nodeRuntime());
    await engine.load(sourceFromDir(FIXTURE), 'cpu');
    const e = await rejection(() => engine.words({ kind: 'global' }, 5));
    expect([e.code, e.message]).toEqual(['no-image', 'No image is encoded: open an image first.']);
  });
});

describe('Engine on the dense fixture', () => {
  const engine = new Engine(nodeRuntime());
  beforeAll(async () => {
    await engine.load(sourceFromDir('e2e/fixtures/color-dense-bundle'), 'cpu');
  });

  it('encodes to an embedding and an empty word list', async () => {
    const r = await engine.encode(halves(RED, BLUE), 'red-blue.png', 10);
    expect(r.global).toEqual({ indices: [], words: [], values: [], activeCount: 0 });
    const img = engine.encoded!;
    expect(img.kind).toBe('dense');
    if (img.kind === 'dense') expect(img.patches.length).toBe(ROWS * COLS * img.dim);
  });

  it('answers word requests with no-vocabulary while it has no word table', async () => {
    const name = engine.info().name;
    for (const call of [() => engine.words({ kind: 'global' }, 5), () => engine.wordHeatmap(0), () => engine.patchWords(10)]) {
      const e = await rejection(call);
      expect([e.code, e.message]).toEqual([
        'no-vocabulary',
        `${name} is a dense bundle with no words yet: it ships no word embeddings (manifest.json wordEmbeddings) and none were computed from its text graph.`,
      ]);
    }
    const e = await rejection(() => engine.setSparsify({ threshold: 0, topK: null }, 5));
    expect([e.code, e.message]).toEqual(['no-vocabulary', `${name} is a dense bundle: dense bundles have no vocabulary, so there are no words to show.`]);
  });
});
