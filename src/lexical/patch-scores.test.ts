import { describe, expect, it } from 'vitest';
import { PatchScores } from './patch-scores';

// 2 x 2 grid, V = 3. Row norms: 5, 2, 1, 10.
const scores = new Float32Array([
  3, 4, 0, // p0
  0, 0, 2, // p1
  1, 0, 0, // p2
  0, 6, 8, // p3
]);
const ps = new PatchScores(scores, 4, 3, [2, 2]);
const close = (a: Float32Array, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 6));
};

describe('PatchScores', () => {
  it('rejects a matrix that does not match patches x vocab or the grid', () => {
    expect(() => new PatchScores(new Float32Array(11), 4, 3, [2, 2])).toThrow(
      'PatchScores: scores has 11 values, expected patches x vocab = 4 x 3 = 12',
    );
    expect(() => new PatchScores(scores, 4, 3, [1, 3])).toThrow('PatchScores: grid is [1,3] (3 cells), expected 4 patches');
  });

  it('rowNorm is the L2 norm of a patch row', () => {
    expect([0, 1, 2, 3].map((p) => ps.rowNorm(p))).toEqual([5, 2, 1, 10]);
  });

  it('pooled("all") is the normalised max over all patches (the global vector)', () => {
    const s = Math.sqrt(109); // max-pool = [3, 6, 8]
    close(ps.pooled('all'), [3 / s, 6 / s, 8 / s]);
  });

  it('pooled over one patch or a region is that max, normalised', () => {
    close(ps.pooled([0]), [0.6, 0.8, 0]);
    close(ps.pooled([0, 2]), [0.6, 0.8, 0]);
    close(ps.pooled([1, 2]), [1 / Math.sqrt(5), 0, 2 / Math.sqrt(5)]);
    expect(() => ps.pooled([])).toThrow('PatchScores.pooled: no patches given, expected at least one');
    expect(() => ps.pooled([4])).toThrow('PatchScores: patch 4 is out of range, expected an integer in [0, 3]');
  });

  it('regionIndices is an inclusive rectangle in any corner order', () => {
    expect(ps.regionIndices(1, 1, 0, 0)).toEqual([0, 1, 2, 3]);
    expect(ps.regionIndices(0, 1, 1, 1)).toEqual([1, 3]);
    expect(ps.regionIndices(1, 0, 1, 0)).toEqual([2]);
    expect(() => ps.regionIndices(0, 0, 2, 0)).toThrow('PatchScores.regionIndices: r1 is 2, expected an integer in [0, 1]');
  });

  it('wordColumn is each patch normalised value for one word', () => {
    close(ps.wordColumn(1), [0.8, 0, 0, 0.6]);
    expect(() => ps.wordColumn(3)).toThrow('PatchScores: word 3 is out of range, expected an integer in [0, 2]');
  });

  it('relevance is <normalised v_p, q> for every patch', () => {
    const q = { indices: new Uint32Array([2, 1]), values: new Float32Array([1, 0.5]) };
    close(ps.relevance(q), [0.4, 1, 0, 1.1]);
  });

  it('fromTopK rebuilds the dense matrix from an on-graph top-k (int64 indices)', () => {
    const top = PatchScores.fromTopK([4, 3, 2, 0, 1, 0, 8, 6], new BigInt64Array([1n, 0n, 2n, 0n, 0n, 1n, 2n, 1n]), 4, 2, 3, [2, 2]);
    expect(Array.from(top.scores)).toEqual(Array.from(scores));
    expect(() => PatchScores.fromTopK([1], [5], 1, 1, 3, [1, 1])).toThrow(
      'PatchScores.fromTopK: index 5 at patch 0 is outside the vocabulary [0, 3)',
    );
  });
});
