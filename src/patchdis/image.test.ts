/**
 * Text queries and PatchDis on one image, through the worker's handlers on the colour fixtures
 * (lexical: e2e/fixtures/color-bundle, dense: e2e/fixtures/color-dense-bundle). The image is a
 * red 112 x 112 square (pixels 56..167) on blue: patches rows/cols 4..11 are red.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from '../model/engine';
import type { EngineError } from '../model/errors';
import { patchDisImage, textQuery } from '../worker/patchdis-handlers';
import { parseClassList } from './classes';

const IMAGES = 'e2e/fixtures/images';
const read = (p: string) => new Uint8Array(readFileSync(p));
const buf = (p: string) => read(p).slice().buffer;

/** Patch indices of the red square in the 16 x 16 grid. */
const RED = new Set<number>();
for (let r = 4; r < 12; r++) for (let c = 4; c < 12; c++) RED.add(r * 16 + c);

async function openEngine(bundle: string): Promise<Engine> {
  const e = new Engine(nodeRuntime());
  await e.load(sourceFromDir(bundle), 'cpu');
  await e.encode(read(join(IMAGES, 'red-square-on-blue.png')), 'red-square-on-blue.png', 0);
  return e;
}

function topPatches(rel: Float32Array, k: number): number[] {
  return Array.from(rel.keys()).sort((a, b) => rel[b] - rel[a] || a - b).slice(0, k);
}

describe.each([
  ['lexical', 'e2e/fixtures/color-bundle'],
  ['dense', 'e2e/fixtures/color-dense-bundle'],
])('%s bundle', (kind, bundle) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine(bundle);
  });
  afterAll(() => engine.dispose());

  it('"red" is most relevant exactly on the red square', async () => {
    const q = await textQuery(engine, ' red ', 10);
    expect(q.kind).toBe(kind);
    expect(q.text).toBe('red');
    expect(q.relevance.length).toBe(256);
    const top = topPatches(q.relevance, 64);
    expect(new Set(top)).toEqual(RED);
    // Every red patch beats every blue one.
    const minRed = Math.min(...[...RED].map((p) => q.relevance[p]));
    const maxBlue = Math.max(...[...q.relevance.keys()].filter((p) => !RED.has(p)).map((p) => q.relevance[p]));
    expect(minRed).toBeGreaterThan(maxBlue);
  });

  it('PatchDis with the uploaded mask scores mIoU 1', async () => {
    const r = await patchDisImage(engine, ['red', 'blue'], null, { name: 'red-square-on-blue.mask.png', bytes: buf(join(IMAGES, 'red-square-on-blue.mask.png')) });
    expect(r.iou?.miou).toBe(1);
    expect(Array.from(r.labels).filter((l) => l === 0).length).toBe(64);
    expect(r.gt).toEqual(r.labels);
  });
});

describe('lexical specifics', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine('e2e/fixtures/color-bundle');
  });
  afterAll(() => engine.dispose());

  it('lookup shows which words were used and which tokens were dropped', async () => {
    const q = await textQuery(engine, 'a red square', 10);
    expect(q.via).toBe('lookup');
    expect(q.used).toEqual(['red']);
    expect(q.dropped.length).toBeGreaterThan(0);
    expect(q.words.words).toEqual(['red']);
  });

  it('rejects an empty query', async () => {
    await expect(textQuery(engine, '   ', 10)).rejects.toThrow('the query is empty, expected a word, several words or a caption');
  });

  it('without a mask gives labels but no IoU', async () => {
    const r = await patchDisImage(engine, ['red', 'blue'], null, null);
    expect(r.iou).toBeNull();
    expect(r.thresholdRule).toMatch(/^the sparsification threshold/);
  });

  it.each([
    ['wrong-size-100x80.png', 'wrong-size-100x80.png: mask is 100 x 80, expected the size of red-square-on-blue.png (224 x 224)'],
    ['class-7.png', 'class-7.png: pixel (30, 100) has class index 7, expected 0 (background) or 1..2 (the class list has 2 classes)'],
    ['rgb-not-grayscale.png', 'rgb-not-grayscale.png: mask is a 8-bit 3-channel PNG, expected an 8- or 16-bit grayscale PNG of class indices'],
  ])('a bad mask %s fails with a clear bad-mask error', async (file, message) => {
    const e = await patchDisImage(engine, ['red', 'blue'], null, { name: file, bytes: buf(join('e2e/fixtures/masks', file)) }).catch((x: EngineError) => x);
    expect((e as EngineError).code).toBe('bad-mask');
    expect((e as EngineError).message).toBe(message);
  });

  it('a file that is not a PNG names itself', async () => {
    const e = (await patchDisImage(engine, ['red', 'blue'], null, { name: 'not-a-png.png', bytes: buf('e2e/fixtures/masks/not-a-png.png') }).catch((x) => x)) as EngineError;
    expect(e.code).toBe('bad-mask');
    expect(e.message).toMatch(/^not-a-png\.png: not a readable PNG mask \(.+\), expected an 8- or 16-bit grayscale PNG$/);
  });

  it('the engine still works after a bad mask', async () => {
    const r = await patchDisImage(engine, ['red', 'blue'], null, { name: 'm.png', bytes: buf(join(IMAGES, 'red-square-on-blue.mask.png')) });
    expect(r.iou?.miou).toBe(1);
  });
});

describe('parseClassList', () => {
  it('splits on commas and new lines and drops blanks', () => {
    expect(parseClassList(' red, blue\n\ngreen ,, traffic light\n')).toEqual(['red', 'blue', 'green', 'traffic light']);
  });
});
