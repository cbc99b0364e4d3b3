import { describe, expect, it } from 'vitest';
import { selectPatches } from './selectPatches';

const rel = Float32Array.from([0.1, 0.9, 0.5, 0.9, 0.0]);

describe('selectPatches', () => {
  it('top-k keeps the strongest, ties to the lower index, ascending', () => {
    expect(selectPatches(rel, { mode: 'topk', k: 2 })).toEqual([1, 3]);
    expect(selectPatches(rel, { mode: 'topk', k: 3 })).toEqual([1, 2, 3]);
    expect(selectPatches(rel, { mode: 'topk', k: 99 })).toEqual([0, 1, 2, 3, 4]);
    expect(selectPatches(rel, { mode: 'topk', k: 0 })).toEqual([]);
  });
  it('threshold keeps patches at or above it', () => {
    expect(selectPatches(rel, { mode: 'threshold', threshold: 0.5 })).toEqual([1, 2, 3]);
    expect(selectPatches(rel, { mode: 'threshold', threshold: 2 })).toEqual([]);
  });
});
