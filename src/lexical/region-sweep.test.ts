import { describe, expect, it } from 'vitest';
import { PatchScores } from './patch-scores';
import { anchoredRegions, patchVectors } from './region-sweep';
import { l2Scale } from './top-words';
import { mulberry32 } from '../util/prng';

/** A 3 x 4 grid over V = 50 with seeded positive scores (ELU1p outputs are positive), a few ties. */
function scores(seed: number): PatchScores {
  const rand = mulberry32(seed);
  const [rows, cols, V] = [3, 4, 50];
  const data = Float32Array.from({ length: rows * cols * V }, () => (rand() < 0.1 ? 0.5 : rand() * 3));
  return new PatchScores(data, rows * cols, V, [rows, cols]);
}

const bits = (v: Float32Array) => Array.from(new Uint32Array(v.slice().buffer));
/** raw[offset, offset + 50) scaled by its l2Scale, as a Float32Array stores it. */
const normalized = (raw: Float32Array, offset: number) => {
  const s = l2Scale(raw, offset, 50);
  return Float32Array.from(raw.subarray(offset, offset + 50), (x) => x * s);
};

describe('patchVectors', () => {
  it('gives every patch once, in order: normalised, bit-identical to pooled([p])', () => {
    const ps = scores(1);
    const seen: number[] = [];
    for (const [p, raw, offset] of patchVectors(ps)) {
      seen.push(p);
      expect(bits(normalized(raw, offset))).toEqual(bits(ps.pooled([p])));
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, p) => p));
  });
});

describe('anchoredRegions', () => {
  it('gives every region with a corner at the anchor once: normalised, bit-identical to pooled over its patches', () => {
    const ps = scores(2);
    for (const [row, col] of [[0, 0], [1, 2], [2, 3], [2, 0]]) {
      const seen: number[] = [];
      for (const [p, raw, offset, scale] of anchoredRegions(ps, row, col)) {
        seen.push(p);
        expect(scale).toBe(l2Scale(raw, offset, 50));
        const [r, c] = [Math.floor(p / 4), p % 4];
        expect(bits(normalized(raw, offset)), `anchor (${row}, ${col}), corner (${r}, ${c})`).toEqual(bits(ps.pooled(ps.regionIndices(row, col, r, c))));
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, p) => p));
    }
  });

  it('gives the regions nearest the anchor first: its row, then the rows beside it, each from the anchor column outwards', () => {
    const order = (row: number, col: number) => [...anchoredRegions(scores(4), row, col)].map(([p]) => [Math.floor(p / 4), p % 4].join(','));
    expect(order(1, 1)).toEqual(['1,1', '1,0', '1,2', '1,3', '0,1', '0,0', '0,2', '0,3', '2,1', '2,0', '2,2', '2,3']);
    expect(order(0, 3).slice(0, 5)).toEqual(['0,3', '0,2', '0,1', '0,0', '1,3']);
  });

  it('pools NaN and signed zeros as pooled does, in any order of the patches', () => {
    const [rows, cols, V] = [2, 2, 4];
    const data = Float32Array.from([NaN, -0, 1, 0, 0, 0, NaN, 2, -0, 3, 0, -0, 5, NaN, 0, 1]);
    const ps = new PatchScores(data, rows * cols, V, [rows, cols]);
    for (const [p, raw, offset, scale] of anchoredRegions(ps, 1, 1)) {
      const normalized = Float32Array.from(raw.subarray(offset, offset + V), (x) => x * scale);
      const region = ps.regionIndices(1, 1, Math.floor(p / cols), p % cols);
      // Values, not bits: a NaN's bits are the engine's to choose. toEqual tells -0 from 0.
      expect([...normalized]).toEqual([...ps.pooled(region)]);
      expect([...ps.pooled([...region].reverse())]).toEqual([...ps.pooled(region)]);
    }
  });

  it('refuses an anchor outside the grid, naming it', () => {
    expect(() => anchoredRegions(scores(3), 3, 0).next()).toThrow('anchoredRegions: the anchor is (3, 0), expected a patch of the 3 x 4 grid');
  });
});
