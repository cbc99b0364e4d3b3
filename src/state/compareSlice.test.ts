import { describe, expect, it } from 'vitest';
import { mapTarget } from './compareSlice';

describe('mapTarget (the shared selection on the other bundle grid)', () => {
  it('passes targets through on equal grids', () => {
    expect(mapTarget({ kind: 'patch', index: 53 }, [16, 16], [16, 16])).toEqual({ kind: 'patch', index: 53 });
  });
  it('takes the cell under the source cell centre on another grid', () => {
    // 16x16 cell (3,5) centre = (3.5/16, 5.5/16) of the image -> 14x14 cell (3,4).
    expect(mapTarget({ kind: 'patch', index: 3 * 16 + 5 }, [16, 16], [14, 14])).toEqual({ kind: 'patch', index: 3 * 14 + 4 });
    expect(mapTarget({ kind: 'region', r0: 0, c0: 0, r1: 15, c1: 15 }, [16, 16], [7, 7])).toEqual({ kind: 'region', r0: 0, c0: 0, r1: 6, c1: 6 });
  });
});
