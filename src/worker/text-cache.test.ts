/**
 * Text vectors are computed once per text and rule: PatchDis relabels each new image with the
 * same classes, and queries are re-run on each new image. Checked on the default bundle's ONNX
 * text encoder through onnxruntime-node, counting the text graph's runs. Kept beside the worker,
 * whose prepareClasses it drives with the Engine's text side and PatchDis's class encoding.
 */
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { encodeClasses } from '../patchdis/classes';
import { Engine } from '../model/engine';
import type { Runtime, RuntimeSession } from '../model/runtime';
import { prepareClasses } from './patchdis-handlers';

/** The node runtime, with every session's run() counted per output name. */
function counting(runs: Map<string, number>): Runtime {
  const base = nodeRuntime();
  return {
    ...base,
    async createSession(bytes, externalData, device) {
      const s = await base.createSession(bytes, externalData, device);
      const key = s.outputNames.join(',');
      const wrapped: RuntimeSession = {
        ...s,
        run: (feeds) => {
          runs.set(key, (runs.get(key) ?? 0) + 1);
          return s.run(feeds);
        },
        release: () => s.release(),
      };
      return wrapped;
    },
  } as Runtime;
}

/** The default bundle on a counting runtime; `total()` is the number of graph runs so far. */
async function countingEngine(): Promise<{ engine: Engine; total: () => number }> {
  const runs = new Map<string, number>();
  const engine = new Engine(counting(runs));
  await engine.load(sourceFromDir('public/models/lexvla-tiny'), 'cpu');
  return { engine, total: () => [...runs.values()].reduce((a, b) => a + b, 0) };
}

describe('TextModel (onnx mode)', () => {
  it('runs the text graph once per text and rule, and gives back the same vector', async () => {
    const { engine, total } = await countingEngine();
    const text = await engine.text();
    const before = total();
    const a = await text.encode('a red apple', engine.sparsifyRule);
    expect(total()).toBe(before + 1);
    const again = await text.encode('a red apple', engine.sparsifyRule);
    expect(total()).toBe(before + 1);
    expect(again).toBe(a);
    // Another text, or the same text under another rule, is a new run.
    await text.encode('a blue car', engine.sparsifyRule);
    const looser = await text.encode('a red apple', { threshold: 0, topK: 5 });
    expect(total()).toBe(before + 3);
    expect(looser.kind === 'lexical' && looser.vector.indices.length).toBe(5);
  }, 120_000);

  it('a text asked for while its run is going waits for that run instead of starting another', async () => {
    const { engine, total } = await countingEngine();
    const text = await engine.text();
    const before = total();
    expect(text.has('a green frog', engine.sparsifyRule)).toBe(false);
    const [a, b] = await Promise.all([text.encode('a green frog', engine.sparsifyRule), text.encode('a green frog', engine.sparsifyRule)]);
    expect(b).toBe(a);
    expect(total()).toBe(before + 1);
    expect(text.has('a green frog', engine.sparsifyRule)).toBe(true);
  }, 120_000);

  it('prepareClasses computes the class vectors ahead of PatchDis, which then runs no text graph; a newer list stops an older one', async () => {
    const { engine, total } = await countingEngine();
    const names = ['dog', 'cat', 'pizza', 'dog', ' '];
    let before = total();
    expect(await prepareClasses(engine, names)).toBe(3); // blanks and repeats once
    expect(total()).toBe(before + 3);
    before = total();
    const classes = await encodeClasses(engine, ['dog', 'cat', 'pizza']);
    expect(total()).toBe(before);
    expect(classes.map((c) => c.name)).toEqual(['dog', 'cat', 'pizza']);
    expect(await prepareClasses(engine, names)).toBe(0);
    // An older list stops at its next name once a newer one is asked for.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const older = prepareClasses(engine, ['a bus', 'a car', 'a tram'], () => gate);
    await new Promise((r) => setTimeout(r, 50));
    const newer = prepareClasses(engine, ['a bike']);
    release();
    expect(await older).toBe(1);
    expect(await newer).toBe(1);
  }, 120_000);

  it('prepareText opens the text side and runs it once, however often it is asked; a query then runs for itself only', async () => {
    const { engine, total } = await countingEngine();
    const before = total();
    const [ms, same] = await Promise.all([engine.prepareText(), engine.prepareText()]);
    expect(ms).toBeGreaterThan(0);
    expect(same).toBe(ms);
    expect(total()).toBe(before + 1);
    await engine.prepareText();
    expect(total()).toBe(before + 1);
    const text = await engine.text();
    await text.encode('a red apple', engine.sparsifyRule);
    expect(total()).toBe(before + 2);
  }, 120_000);
});
