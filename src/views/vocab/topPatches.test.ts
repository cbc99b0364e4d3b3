import { describe, expect, it } from 'vitest';
import { topPatches } from './topPatches';

describe('topPatches', () => {
  it('returns the strongest patches with their row and column, ties by index', () => {
    const v = Float32Array.from([0.1, 0.5, 0.2, 0.5, 0, 0.3]); // 2 x 3
    expect(topPatches(v, [2, 3], 3)).toEqual([
      { index: 1, row: 0, col: 1, value: 0.5 },
      { index: 3, row: 1, col: 0, value: 0.5 },
      { index: 5, row: 1, col: 2, value: Math.fround(0.3) },
    ]);
  });
  it('names a grid that does not fit the values', () => {
    expect(() => topPatches([1, 2, 3], [2, 2], 1)).toThrow('topPatches: 3 values for a 2 x 2 grid, expected 4');
  });
});
