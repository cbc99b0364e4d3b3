import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../lexical/sparse';
import { sparsify } from '../lexical/sparse';
import { DenseIndex } from './dense-index';
import { InvertedIndex, bruteForceSearch } from './inverted-index';
import { denseSearcher, retrievalRecall, sparseSearcher } from './recall';
import { syntheticVectors } from './synthetic';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0; // mulberry32
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random sparse vector over V words; `quantised` draws values from {1/8 .. 1} so ties are common. */
function randomSparse(rand: () => number, V: number, density: number, quantised: boolean): SparseVector {
  const dense = new Float32Array(V);
  for (let j = 0; j < V; j++) if (rand() < density) dense[j] = quantised ? (1 + Math.floor(rand() * 8)) / 8 : rand();
  return sparsify(dense, { threshold: 0, topK: null });
}

describe('InvertedIndex', () => {
  // Property: on random galleries and queries, search equals the reference brute force exactly
  // (ids, float32 scores, order; ties to the lower id), for every K. Ids are not in insertion
  // order, so ties are broken by id, not slot. Quantised values make ties common; Zipf-drawn
  // words (the benchmark's generator) give a few very long posting lists and many short ones.
  const KS = [0, 1, 2, 5, 10, 37];
  const cases = [
    { name: 'uniform words, many ties', seed: 1, docs: 300, quantised: true, zipf: false },
    { name: 'uniform words, continuous values', seed: 2, docs: 300, quantised: false, zipf: false },
    { name: 'Zipf words, continuous values', seed: 3, docs: 500, quantised: false, zipf: true },
    { name: 'Zipf words, many ties', seed: 4, docs: 500, quantised: true, zipf: true },
  ];
  it.each(cases)('matches brute force exactly on random data ($name)', ({ seed, docs: n, quantised, zipf }) => {
    const rand = rng(seed);
    const V = 60;
    const spec = { vocab: V, minActive: 1, maxActive: 12, skew: 1, seed };
    const quantise = (v: SparseVector) => ({ indices: v.indices, values: v.values.map((x) => Math.ceil(x * 8) / 8) });
    const vectors = zipf ? syntheticVectors(n, spec).map((v) => (quantised ? quantise(v) : v)) : Array.from({ length: n }, () => randomSparse(rand, V, 0.1, quantised));
    const docs = vectors.map((v, i) => ({ id: (i * 37) % (n + 1), v }));
    const index = new InvertedIndex();
    docs.forEach((d) => index.add(d.id, d.v));
    const queries = zipf ? syntheticVectors(100, { ...spec, maxActive: 8 }, 99).map((v) => (quantised ? quantise(v) : v)) : Array.from({ length: 100 }, () => randomSparse(rand, V, 0.15, quantised));
    for (const q of queries) {
      for (const k of [...KS, 1 + Math.floor(rand() * 20), n, n + 3]) {
        const got = index.search(q, k);
        expect(got).toEqual(bruteForceSearch(docs, q, k));
        expect(got.length).toBe(Math.min(k, n));
      }
    }
  });

  it('matches brute force on the edges of a query: empty, unknown or repeated words, negative values, odd k', () => {
    const rand = rng(5);
    const docs = Array.from({ length: 50 }, (_, i) => ({ id: 49 - i, v: randomSparse(rand, 20, 0.3, true) }));
    docs[7].v.values[0] = -docs[7].v.values[0]; // the index assumes nothing about signs
    const index = new InvertedIndex();
    docs.forEach((d) => index.add(d.id, d.v));
    const sv = (idx: number[], val: number[]) => ({ indices: new Uint32Array(idx), values: new Float32Array(val) });
    const queries = [sv([], []), sv([25, 1000], [1, 1]), sv([3, 3, 5], [0.5, 0.25, 1]), sv([2, 4, 6], [-1, 0.5, 0.25]), sv([1, 2], [0, 0])];
    for (const q of queries) {
      for (const k of [-1, 0, 2.7, 10, 50, 60]) expect(index.search(q, k)).toEqual(bruteForceSearch(docs, q, Math.floor(k)));
    }
  });

  it('ranks by dot product, ties by lower id, and fills with zero scores', () => {
    const sv = (idx: number[], val: number[]) => ({ indices: new Uint32Array(idx), values: new Float32Array(val) });
    const index = new InvertedIndex();
    index.add(5, sv([0, 1], [0.5, 0.5]));
    index.add(2, sv([1], [1]));
    index.add(9, sv([3], [1]));
    index.add(1, sv([0], [1]));
    index.add(0, sv([1, 0], [0.5, 0.5]));
    expect(index.search(sv([1, 0], [1, 0.5]), 10)).toEqual([
      { id: 2, score: 1 },
      { id: 0, score: 0.75 },
      { id: 5, score: 0.75 },
      { id: 1, score: 0.5 },
      { id: 9, score: 0 },
    ]);
    expect(index.search(sv([3], [1]), 2)).toEqual([
      { id: 9, score: 1 },
      { id: 0, score: 0 },
    ]);
    expect(() => index.add(2, sv([], []))).toThrow('InvertedIndex.add: id 2 is already in the index, expected each id once');
  });
  it('keeps answering exactly when documents are added after a search', () => {
    const rand = rng(3);
    const docs = Array.from({ length: 40 }, (_, id) => ({ id, v: randomSparse(rand, 30, 0.2, false) }));
    const index = new InvertedIndex();
    docs.slice(0, 20).forEach((d) => index.add(d.id, d.v));
    const q = randomSparse(rand, 30, 0.3, false);
    expect(index.search(q, 5)).toEqual(bruteForceSearch(docs.slice(0, 20), q, 5));
    docs.slice(20).forEach((d) => index.add(d.id, d.v));
    expect(index.search(q, 5)).toEqual(bruteForceSearch(docs, q, 5));
    const nnz = docs.reduce((s, d) => s + d.v.indices.length, 0);
    expect(index.stats().entries).toBe(nnz);
    expect(index.stats().bytes).toBeLessThan(8 * 2 * nnz + 8 * 4 * 30); // typed postings, under 2x slack
  });
});

describe('DenseIndex', () => {
  it('ranks by cosine, normalising rows on add, ties by lower id', () => {
    const index = new DenseIndex(2);
    index.add(3, new Float32Array([0, 5]));
    index.add(1, new Float32Array([3, 4]));
    index.add(0, new Float32Array([0, 1]));
    const hits = index.search(new Float32Array([0, 1]), 2);
    expect(hits.map((h) => h.id)).toEqual([0, 3]);
    expect(hits[0].score).toBe(1);
    expect(index.search(new Float32Array([1, 0]), 1)).toEqual([{ id: 1, score: Math.fround(0.6) }]);
    expect(() => index.search(new Float32Array(3), 1)).toThrow('DenseIndex.search: vector has 3 values, expected dim = 2');
  });
});

describe('retrievalRecall', () => {
  // 3 images, 4 captions: captions 0,1 -> image 0, caption 2 -> image 1, caption 3 -> image 2.
  const f = (a: number[]) => new Float32Array(a);
  const images = [f([1, 0, 0]), f([0, 1, 0]), f([0, 0, 1])];
  const captions = [f([0.1, 0.9, 0]), f([0.8, 0.2, 0]), f([0.9, 0.1, 0]), f([0, 0, 1])];
  const captionToImage = [0, 0, 1, 2];

  it('counts image->text hits on any caption and text->image hits on the own image (hand-computed)', () => {
    const r = retrievalRecall(images, captions, captionToImage, [1, 2], denseSearcher);
    // i2t top-1: image 0 -> caption 2 (miss; caption 1 at rank 2), image 1 -> caption 0 (miss; 2 is 3rd), image 2 -> 3 (hit).
    expect(r.i2t).toEqual({ 1: 1 / 3, 2: 2 / 3 });
    // t2i top-1: c0 -> image 1 (miss), c1 -> 0 (hit), c2 -> 0 (miss), c3 -> 2 (hit); top-2 adds c0 and c2.
    expect(r.t2i).toEqual({ 1: 0.5, 2: 1 });
    expect([r.images, r.captions]).toEqual([3, 4]);
  });

  it('gives the same answer through the sparse searcher', () => {
    const toSparse = (v: Float32Array) => sparsify(v.slice(), { threshold: 0, topK: null });
    const r = retrievalRecall(images.map(toSparse), captions.map(toSparse), captionToImage, [1, 2], sparseSearcher);
    expect(r.i2t).toEqual({ 1: 1 / 3, 2: 2 / 3 });
    expect(r.t2i).toEqual({ 1: 0.5, 2: 1 });
  });

  it('rejects a caption mapped to a missing image', () => {
    expect(() => retrievalRecall(images, captions, [0, 0, 1, 3], undefined, denseSearcher)).toThrow(
      'retrievalRecall: captionToImage[3] is 3, expected an image index in [0, 2]',
    );
  });
});
