import { describe, expect, it } from 'vitest';
import type { EvalSetJson } from '../bundle/types';
import { evaluateRetrieval, type RetrievalEncoder } from './evaluate';
import { denseSearcher, retrievalRecall } from './recall';

// Images are one-hot by their first byte; captions one-hot by their first letter's word list.
const set: EvalSetJson = {
  format: 'lexvla-evalset', version: 1, name: 'toy', classes: [],
  items: [
    { id: 'a', image: 'a.png', captions: ['x', 'y'] },
    { id: 'b', image: 'b.png', captions: ['y'] },
    { id: 'c', image: 'c.png', captions: ['z'] },
  ],
};
const axis: Record<string, number> = { x: 0, y: 1, z: 2 };
const oneHot = (i: number) => Float32Array.from({ length: 3 }, (_, j) => (j === i ? 1 : 0));
const encoder: RetrievalEncoder = {
  kind: 'dense',
  encodeImage: async (bytes) => oneHot(bytes[0]),
  encodeText: async (t) => oneHot(axis[t]),
};
const read = async (p: string) => Uint8Array.of({ 'a.png': 0, 'b.png': 1, 'c.png': 2 }[p]!);

describe('evaluateRetrieval', () => {
  it('encodes every image and caption and gives retrievalRecall on them', async () => {
    const progress: string[] = [];
    const r = await evaluateRetrieval(set, read, encoder, { ks: [1, 2], onProgress: (d, t, l) => progress.push(`${d}/${t} ${l}`) });
    const direct = retrievalRecall([oneHot(0), oneHot(1), oneHot(2)], [oneHot(0), oneHot(1), oneHot(1), oneHot(2)], [0, 0, 1, 2], [1, 2], denseSearcher);
    expect(r).toEqual(direct);
    // image a's top caption is x (hit); b's top captions tie (y of a, y of b): lower index wins -> miss at 1.
    expect(r.i2t).toEqual({ 1: 2 / 3, 2: 1 });
    expect(progress).toEqual(['1/3 a.png', '2/3 b.png', '3/3 c.png']);
  });

  it('stops when its signal is aborted', async () => {
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(evaluateRetrieval(set, read, encoder, { signal: abort.signal })).rejects.toThrow('stop');
  });
});
