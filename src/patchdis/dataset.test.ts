/**
 * PatchDis over the fixture evaluation set (e2e/fixtures/images: two images with masks, classes
 * red and blue) through the colour fixture bundle. The browser path (the worker's handler, fed a
 * picked folder as Blobs) and `lexvla eval patchdis --json` must give identical numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from '../model/engine';
import type { EngineError } from '../model/errors';
import { cancelJob, patchDisDataset } from '../worker/patchdis-handlers';
import type { Response } from '../worker/protocol';
import { runPatchDisDataset, type DatasetResult } from './dataset';

const BUNDLE = 'e2e/fixtures/color-bundle';
const IMAGES = 'e2e/fixtures/images';

/** The folder as <input webkitdirectory> gives it: paths under the folder's own name. */
function pickedFolder(dir: string) {
  return readdirSync(dir).map((f) => ({ path: `images/${f}`, file: new Blob([readFileSync(join(dir, f))]) }));
}

function withoutTiming(r: DatasetResult): Omit<DatasetResult, 'timing'> {
  const { timing: _t, ...rest } = r;
  return rest;
}

async function cliJson(...args: string[]): Promise<DatasetResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['eval', 'patchdis', BUNDLE, IMAGES, '--json', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  expect(err.join('\n')).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out.join('\n')) as DatasetResult;
}

async function browserRun(engine: Engine, threshold: number | null, cancelAfterFirst = false) {
  const posted: Response[] = [];
  const post = (m: Response) => {
    posted.push(m);
    if (cancelAfterFirst && m.type === 'progress' && m.phase === 'patchdis') cancelJob(7);
  };
  const result = await patchDisDataset(engine, 1, 7, { kind: 'files', files: pickedFolder(IMAGES) }, threshold, post);
  return { posted, result };
}

describe('PatchDis on an evaluation set', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = new Engine(nodeRuntime());
    await engine.load(sourceFromDir(BUNDLE), 'cpu');
  });
  afterAll(() => engine.dispose());

  it('labels the colour fixture perfectly under the default background rule', async () => {
    const { posted, result: r } = await browserRun(engine, null);
    expect(r.miou).toBe(1);
    expect(r.perClass.map((c) => [c.class, c.iou])).toEqual([['red', 1], ['blue', 1]]);
    // red-left-blue-right: 128 + 128 patches; red-square-on-blue: 64 red, 192 blue.
    expect(r.perClass.map((c) => c.union)).toEqual([192, 320]);
    // The default rule is the bundle's sparsification threshold (docs/patchdis.md).
    expect(r.threshold).toBe(0.20412414523193154);
    expect(r.perImage.map((p) => [p.id, p.miou])).toEqual([['red-left-blue-right', 1], ['red-square-on-blue', 1]]);
    // Class names first (at most one per 100 ms after the first 100, and the last), then one per image.
    const progress = posted.flatMap((m) => (m.type === 'progress' ? [[m.phase, m.loadedBytes, m.totalBytes, m.label]] : []));
    expect(progress).toEqual([
      ['classes', 2, 2, 'class names encoded'],
      ['patchdis', 1, 2, 'red-left-blue-right'],
      ['patchdis', 2, 2, 'red-square-on-blue'],
    ]);
  });

  it('gives the CLI exactly the browser numbers (default and explicit thresholds)', async () => {
    for (const threshold of [null, 0.95]) {
      const { result } = await browserRun(engine, threshold);
      const cli = await cliJson(...(threshold === null ? [] : ['--threshold', String(threshold)]));
      expect(withoutTiming(cli)).toEqual(withoutTiming(result));
    }
  });

  it('an impossible threshold predicts background only', async () => {
    const r = await cliJson('--threshold', '2');
    expect(r.miou).toBe(0);
  });

  it('stops when cancelled, with the cancelled code', async () => {
    const e = await browserRun(engine, null, true).then(
      () => null,
      (err: EngineError) => err,
    );
    expect(e?.code).toBe('cancelled');
    expect(e?.message).toBe('PatchDis on colour-fixture-evalset was cancelled after 1 of 2 images');
  });

  it('stops when cancelled while the class names are encoded, before any image', async () => {
    const e = await runPatchDisDataset(engine, JSON.parse(readFileSync(join(IMAGES, 'evalset.json'), 'utf8')), async (p) => new Uint8Array(readFileSync(join(IMAGES, p))), {
      isCancelled: () => true,
    }).then(
      () => null,
      (err: EngineError) => err,
    );
    expect(e?.code).toBe('cancelled');
    expect(e?.message).toBe('PatchDis on colour-fixture-evalset was cancelled while encoding class names (1 of 2), before any image');
  });

  it('does not replace the explorer\'s current image', async () => {
    const bytes = new Uint8Array(readFileSync(join(IMAGES, 'red-square-on-blue.png')));
    await engine.encode(bytes, 'mine.png', 0);
    await browserRun(engine, null);
    expect(engine.encoded?.name).toBe('mine.png');
  });
});
