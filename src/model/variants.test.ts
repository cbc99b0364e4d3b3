/**
 * Loading a bundle with a variant of its vision graph (vision.variants): the Engine opens the
 * graph it was asked for, and reads no other vision graph.
 */
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { fixtureFiles, lexicalWithVariantFixture } from '../bundle/fixtures';
import { sourceFromMemory, withRead, type BundleSource } from '../bundle/source';
import { Engine } from './engine';

/** Records whole reads; a file's first bytes (the validator's "is it ONNX?" check) are not one, as with every real source. */
function recording(): { source: BundleSource; reads: string[] } {
  const inner = sourceFromMemory('variants', fixtureFiles(lexicalWithVariantFixture()));
  const reads: string[] = [];
  const source = withRead(inner, (path, onProgress) => (reads.push(path), inner.read(path, onProgress)));
  return { source: { ...source, readHead: async (path, n) => (await inner.read(path)).subarray(0, n) }, reads };
}

describe('Engine with a vision variant', () => {
  it.each([
    { variant: 'int8', runs: 'vision/model.int8.onnx', skips: 'vision/model.onnx' },
    { variant: 'exact', runs: 'vision/model.onnx', skips: 'vision/model.int8.onnx' },
  ])('variant "$variant" opens $runs only', async ({ variant, runs, skips }) => {
    const facts: unknown[] = [];
    const runtime = nodeRuntime();
    const engine = new Engine({ ...runtime, name: runtime.name, createSession: (b, d, dev, f) => (facts.push(f), runtime.createSession(b, d, dev, f)) });
    const { source, reads } = recording();
    const info = await engine.load(source, 'cpu', undefined, { variant });
    // The session is opened for the graph that runs: the runtime's options depend on its weights.
    expect(facts).toEqual([{ role: 'vision', weights: variant === 'int8' ? 'int8' : 'fp32' }]);
    expect(info.vision).toEqual({
      name: variant,
      file: runs,
      weights: variant === 'int8' ? 'int8' : 'fp32',
      note: variant === 'int8' ? 'MatMul weights int8' : null,
      reason: 'chosen in settings',
      offered: ['exact', 'int8'],
    });
    // Read first, before validation reads the bundle's other files: the download overlaps it.
    expect(reads.filter((p) => p !== 'manifest.json')[0]).toBe(runs);
    expect(reads.filter((p) => p === runs)).toHaveLength(1);
    expect(reads).not.toContain(skips);
    expect(engine.unreadFiles).toEqual([skips]);
    expect(engine.manifest?.vision.file).toBe(runs);
    await engine.dispose();
  });
});
