import { describe, expect, it } from 'vitest';
import { sparsify, type SparseVector } from '../lexical/sparse';
import { explainMatch } from './explain';
import { Gallery } from './gallery';
import { bruteForceSearch } from './inverted-index';
import { packDense, packSparse, unpackDense, unpackSparse } from './packed';

const sv = (idx: number[], val: number[]): SparseVector => ({ indices: Uint32Array.from(idx), values: Float32Array.from(val) });

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('Gallery', () => {
  it('searches images exactly like brute force, and captions with their owners', () => {
    const rand = rng(7);
    const V = 40;
    const vec = () => sparsify(Float32Array.from({ length: V }, () => (rand() < 0.2 ? rand() : 0)), { threshold: 0, topK: null });
    const items = Array.from({ length: 50 }, (_, i) => ({ id: `i${i}`, name: `${i}.png`, captions: i % 2 ? [`c${i}a`, `c${i}b`] : [`c${i}`] }));
    const images = items.map(vec);
    const captions = items.flatMap((it) => it.captions.map(vec));
    const g = new Gallery('lexical', items, images, captions);
    for (let t = 0; t < 20; t++) {
      const q = vec();
      expect(g.searchImages(q, 7)).toEqual(bruteForceSearch(images.map((v, id) => ({ id, v })), q, 7));
      const hits = g.searchCaptions(q, 5);
      expect(hits).toEqual(bruteForceSearch(captions.map((v, id) => ({ id, v })), q, 5));
      for (const h of hits) expect(items[g.captionOwner[h.id]].captions).toContain(g.captionText(h.id));
    }
    expect(g.captionText(2)).toBe('c1b'); // item 0 has one caption, item 1 two
  });

  it('rejects vectors that do not match its items', () => {
    const items = [{ id: 'a', name: 'a', captions: ['x'] }];
    expect(() => new Gallery('lexical', items, [], [])).toThrow('Gallery: 0 image vectors for 1 items, expected one per item');
    expect(() => new Gallery('lexical', items, [sv([0], [1])], [sv([0], [1]), sv([1], [1])])).toThrow(
      'Gallery: 2 caption vectors for 1 captions, expected one per caption (or none)',
    );
    expect(() => new Gallery('dense', items, [sv([0], [1])], [])).toThrow('Gallery: a dense gallery holds Float32Array vectors only');
  });

  it('ranks dense galleries by cosine', () => {
    const g = new Gallery('dense', [{ id: 'a', name: 'a', captions: [] }, { id: 'b', name: 'b', captions: [] }], [Float32Array.of(1, 0), Float32Array.of(3, 4)], []);
    expect(g.searchImages(Float32Array.of(0, 1), 2)).toEqual([{ id: 1, score: Math.fround(0.8) }, { id: 0, score: 0 }]);
  });
});

describe('explainMatch', () => {
  it('lists the shared words by q_j * d_j and sums them to the index score', () => {
    const q = sv([3, 1, 7], [0.6, 0.7, 0.2]);
    const d = sv([1, 7, 3, 9], [0.1, 0.9, 0.5, 0.4]);
    const { score, top } = explainMatch(q, d, 2);
    expect(top.map((c) => c.index)).toEqual([3, 7]);
    expect(top[0].value).toBeCloseTo(0.3, 7);
    expect(top[1].value).toBeCloseTo(0.18, 7);
    const g = new Gallery('lexical', [{ id: 'd', name: 'd', captions: [] }], [d], []);
    expect(score).toBe(g.searchImages(q, 1)[0].score); // bit-identical to the inverted index
    expect(explainMatch(q, sv([2], [1]), 5)).toEqual({ score: 0, top: [] });
  });
});

describe('packed vectors', () => {
  it('round-trips sparse and dense vectors', () => {
    const vs = [sv([4, 2], [0.5, 0.25]), sv([], []), sv([9], [1])];
    const p = packSparse(vs);
    expect(Array.from(p.offsets)).toEqual([0, 2, 2, 3]);
    expect(unpackSparse(p)).toEqual(vs);
    const ds = [Float32Array.of(1, 2), Float32Array.of(3, 4)];
    expect(unpackDense(packDense(ds, 2))).toEqual(ds);
    expect(() => packDense([Float32Array.of(1)], 2)).toThrow('packed vectors: vector 0 has 1 values, expected dim = 2');
  });
});
