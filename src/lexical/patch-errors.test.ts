import { describe, expect, it } from 'vitest';
import { PatchErrorAccumulator } from './patch-errors';

const labels = (...v: number[]) => Int32Array.from(v);

describe('PatchErrorAccumulator', () => {
  it('sorts every patch by what its prediction says, per image', () => {
    // Image 1 has classes 0 and 1; image 2 has class 2.
    const acc = new PatchErrorAccumulator(4)
      .add(
        labels(-1, 0, 3, 1, 0, -1, 2, 0), // pred
        labels(-1, -1, -1, 1, 1, 0, 0, 0), // gt
      )
      .add(labels(3, 2, 2), labels(-1, -1, 2));
    const r = acc.result();
    expect(r.patches).toBe(11);
    // Background: kept (1); a class the image has (image 1: 0; image 2: 2) 2; a class it has not (3 twice) 2.
    expect(r.background).toEqual({ total: 5, kept: 1, presentClass: 2, absentClass: 2 });
    // Objects: right (1, 0, 2) 3; called background 1; another present class (1 -> 0) 1; absent (0 -> 2) 1.
    expect(r.object).toEqual({ total: 6, right: 3, background: 1, otherPresent: 1, absent: 1 });
    expect(r.backgroundTakers).toEqual([
      { cls: 3, patches: 2 },
      { cls: 0, patches: 1 },
      { cls: 2, patches: 1 },
    ]);
    expect(acc.result(1).backgroundTakers).toEqual([{ cls: 3, patches: 2 }]);
  });

  it('a class present in one image is absent in the next', () => {
    const r = new PatchErrorAccumulator(2).add(labels(0, 0), labels(0, -1)).add(labels(0), labels(-1)).result();
    expect(r.background).toEqual({ total: 2, kept: 0, presentClass: 1, absentClass: 1 });
  });

  it('refuses labels outside -1..C-1 and arrays of different lengths', () => {
    const acc = new PatchErrorAccumulator(2);
    expect(() => acc.add(labels(2), labels(0))).toThrow('PatchErrorAccumulator.add: pred[0] is 2, expected -1 (background) or a class 0..1');
    expect(() => acc.add(labels(0), labels(-2))).toThrow('gt[0] is -2');
    expect(() => acc.add(labels(0, 0), labels(0))).toThrow('pred has 2 patches, expected 1 like gt');
  });
});
