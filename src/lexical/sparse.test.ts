import { describe, expect, it } from 'vitest';
import { defaultThreshold, dotSparse, dotSparseDense, elu1p, l2normalize, sparsify, toDense, topN } from './sparse';
import { selectTopK, selectTopKHeap } from './select';

const f32 = (a: number[]) => new Float32Array(a);

describe('elu1p', () => {
  it('is x + 1 above zero and exp(x) at or below it, in place', () => {
    const x = f32([2, 0, -1, -20]);
    const out = elu1p(x);
    expect(out).toBe(x);
    expect(Array.from(x)).toEqual([3, 1, Math.fround(Math.exp(-1)), Math.fround(Math.exp(-20))]);
  });
});

describe('l2normalize', () => {
  it('scales to unit length', () => {
    expect(Array.from(l2normalize(f32([3, 4])))).toEqual([0.6000000238418579, 0.800000011920929]);
  });
  it('leaves a zero vector at zero', () => {
    expect(Array.from(l2normalize(f32([0, 0, 0])))).toEqual([0, 0, 0]);
  });
});

describe('defaultThreshold', () => {
  it('is 1/sqrt(V): 0.00764 at the paper vocabulary 17,149', () => {
    expect(defaultThreshold(4)).toBe(0.5);
    expect(defaultThreshold(17149)).toBeCloseTo(0.0076363, 6);
  });
});

describe('sparsify', () => {
  // Binary fractions, so float32 storage does not move values across the threshold.
  const v = f32([0.5, 0.0625, 0.875, 0.5, 0.25, 0.1875]);
  it('keeps entries strictly above the threshold (0.1875 itself is dropped), strongest first, ties by lower index', () => {
    const s = sparsify(v, { threshold: 0.1875, topK: null });
    expect(Array.from(s.indices)).toEqual([2, 0, 3, 4]);
    expect(Array.from(s.values)).toEqual([0.875, 0.5, 0.5, 0.25]);
  });
  it('caps at topK after thresholding', () => {
    expect(Array.from(sparsify(v, { threshold: 0.1875, topK: 2 }).indices)).toEqual([2, 0]);
    expect(Array.from(sparsify(v, { threshold: 0.1875, topK: 3 }).indices)).toEqual([2, 0, 3]);
    expect(Array.from(sparsify(v, { threshold: 0.1875, topK: 10 }).indices)).toEqual([2, 0, 3, 4]);
  });
  it('returns an empty vector when nothing passes', () => {
    const s = sparsify(v, { threshold: 0.875, topK: null });
    expect(s.indices.length).toBe(0);
    expect(s.values.length).toBe(0);
  });
});

describe('topN', () => {
  it('takes the n strongest regardless of threshold', () => {
    expect(Array.from(topN(f32([0.1, 0.4, 0.2, 0.4]), 3).indices)).toEqual([1, 3, 2]);
    expect(Array.from(topN(f32([0.1, 0.4]), 5).indices)).toEqual([1, 0]);
  });
});

describe('dot products', () => {
  const a = { indices: new Uint32Array([3, 0, 7]), values: f32([0.5, 0.25, 0.125]) };
  const b = { indices: new Uint32Array([7, 3, 1, 9]), values: f32([2, 4, 8, 16]) };
  it('dotSparse matches the hand sum 0.5*4 + 0.125*2', () => {
    expect(dotSparse(a, b)).toBe(2.25);
    expect(dotSparse(b, a)).toBe(2.25);
  });
  it('dotSparseDense agrees with dotSparse', () => {
    expect(dotSparseDense(a, toDense(b, 10))).toBe(2.25);
  });
});

describe('selectTopK', () => {
  it('equals a full sort on random data with many ties', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const scores = Float32Array.from({ length: n }, () => Math.floor(rand() * 10));
      const k = Math.floor(rand() * (n + 3));
      const expected = Array.from({ length: n }, (_, i) => i)
        .sort((x, y) => scores[y] - scores[x] || x - y)
        .slice(0, k);
      expect(Array.from(selectTopK(scores, k))).toEqual(expected);
    }
  });
  it('handles sorted and reversed input', () => {
    const up = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(Array.from(selectTopK(up, 3))).toEqual([999, 998, 997]);
    expect(Array.from(selectTopK(up.slice().reverse(), 3))).toEqual([0, 1, 2]);
  });
});

describe('selectTopKHeap', () => {
  it('equals selectTopK on random data with many ties, with and without distinct tie keys', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 200; trial++) {
      const n = Math.floor(rand() * 300);
      const scores = Float32Array.from({ length: n }, () => Math.floor(rand() * 10) / 4);
      // Distinct keys out of position order, as gallery ids are (the order is total only then).
      const key = Array.from({ length: n }, (_, i) => (i * 7919 + trial) % 7927);
      for (const k of [0, 1, 3, Math.floor(rand() * (n + 3)), n, n + 2, -1, 2.5]) {
        expect(Array.from(selectTopKHeap(scores, k))).toEqual(Array.from(selectTopK(scores, k)));
        expect(Array.from(selectTopKHeap(scores, k, key))).toEqual(Array.from(selectTopK(scores, k, undefined, key)));
      }
    }
  });
  it('handles sorted and reversed input', () => {
    const up = Float32Array.from({ length: 1000 }, (_, i) => i);
    expect(Array.from(selectTopKHeap(up, 3))).toEqual([999, 998, 997]);
    expect(Array.from(selectTopKHeap(up.slice().reverse(), 3))).toEqual([0, 1, 2]);
  });
});
