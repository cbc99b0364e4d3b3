/**
 * Text vectors are computed once per text and rule: PatchDis relabels each new image with the
 * same classes, and queries are re-run on each new image. Checked on the default bundle's ONNX
 * text encoder through onnxruntime-node, counting the text graph's runs.
 */
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from './engine';
import type { Runtime, RuntimeSession } from './runtime';

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

describe('TextModel (onnx mode)', () => {
  it('runs the text graph once per text and rule, and gives back the same vector', async () => {
    const runs = new Map<string, number>();
    const engine = new Engine(counting(runs));
    await engine.load(sourceFromDir('public/models/lexvla-tiny'), 'cpu');
    const text = await engine.text();
    const total = () => [...runs.values()].reduce((a, b) => a + b, 0);
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

  it('prepareText opens the text side and runs it once, however often it is asked; a query then runs for itself only', async () => {
    const runs = new Map<string, number>();
    const engine = new Engine(counting(runs));
    await engine.load(sourceFromDir('public/models/lexvla-tiny'), 'cpu');
    const total = () => [...runs.values()].reduce((a, b) => a + b, 0);
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
