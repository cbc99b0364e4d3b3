import { describe, expect, it } from 'vitest';
import { PatchScores } from './patch-scores';
import { labelPatches, maskToPatchLabels, similarityDense, similarityLexical } from './patchdis';
import { IoUAccumulator, patchIoU } from './iou';

// Same 2 x 2, V = 3 patch scores as patch-scores.test.ts.
const ps = new PatchScores(new Float32Array([3, 4, 0, 0, 0, 2, 1, 0, 0, 0, 6, 8]), 4, 3, [2, 2]);
const word = (w: number) => ({ indices: new Uint32Array([w]), values: new Float32Array([1]) });

describe('PatchDis on a 2 x 2 grid', () => {
  const sim = similarityLexical(ps, [word(0), word(2)]); // float32 [4, 2]

  it('similarityLexical is <normalised v_p, t_c>', () => {
    [0.6, 0, 0, 1, 1, 0, 0, 0.8].forEach((v, i) => expect(sim[i]).toBeCloseTo(v, 6));
  });

  it('labelPatches takes the argmax, background below the threshold', () => {
    expect(Array.from(labelPatches(sim, 2, 0.7))).toEqual([-1, 1, 0, 1]);
    expect(Array.from(labelPatches(sim, 2, 0))).toEqual([0, 1, 0, 1]);
    // Ties go to the lowest class.
    expect(Array.from(labelPatches(new Float32Array([0.5, 0.5]), 2, 0))).toEqual([0]);
  });

  it('maskToPatchLabels votes per cell: ties to the class, then to the lowest class', () => {
    // 4 x 4 mask, 2 x 2 pixels per cell. Values: 0 background, k = class k-1.
    const mask = new Uint8Array([
      1, 1, 2, 0,
      1, 1, 2, 0, // cell 0: all class 1 -> 0; cell 1: two 2s, two 0s -> tie, class wins -> 1
      0, 0, 1, 2,
      0, 1, 1, 2, // cell 2: three 0s, one 1 -> background; cell 3: two 1s, two 2s -> lowest -> 0
    ]);
    expect(Array.from(maskToPatchLabels(mask, 4, 4, [2, 2], 2))).toEqual([0, 1, -1, 0]);
  });

  it('maskToPatchLabels splits sizes that are not a multiple of the grid without gaps', () => {
    // 3 x 1 mask over a 1 x 2 grid: columns [0, 1) and [1, 3).
    expect(Array.from(maskToPatchLabels(new Uint16Array([1, 2, 0]), 3, 1, [1, 2], 2))).toEqual([0, 1]);
  });

  it('maskToPatchLabels names a bad pixel value or size', () => {
    expect(() => maskToPatchLabels(new Uint16Array([0, 3, 0, 0]), 2, 2, [1, 1], 2)).toThrow(
      'maskToPatchLabels: pixel (1, 0) has value 3, expected 0 (background) or a class 1..2',
    );
    expect(() => maskToPatchLabels(new Uint8Array(3), 2, 2, [1, 1], 2)).toThrow(
      'maskToPatchLabels: mask has 3 pixels, expected width x height = 2 x 2 = 4',
    );
  });

  it('patchIoU of the example is known by hand: class 0 = 0/3, class 1 = 1/2, mIoU 0.25', () => {
    const pred = labelPatches(sim, 2, 0.7); // [-1, 1, 0, 1]
    const gt = new Int32Array([0, 1, -1, 0]);
    const r = patchIoU(pred, gt, 3);
    expect(r.perClass).toEqual([
      { cls: 0, iou: 0, inter: 0, union: 3 },
      { cls: 1, iou: 0.5, inter: 1, union: 2 },
      { cls: 2, iou: null, inter: 0, union: 0 },
    ]);
    expect(r.miou).toBe(0.25);
  });

  it('IoUAccumulator sums intersections and unions over images before dividing', () => {
    const acc = new IoUAccumulator(2)
      .add(new Int32Array([-1, 1, 0, 1]), new Int32Array([0, 1, -1, 0]))
      .add(new Int32Array([0, 0, -1, -1]), new Int32Array([0, 0, -1, -1]));
    const r = acc.result();
    expect(r.perClass.map((c) => c.iou)).toEqual([2 / 5, 1 / 2]);
    expect(r.miou).toBeCloseTo(0.45, 12); // not the per-image mean (0.25 + 1) / 2
    expect(new IoUAccumulator(2).result().miou).toBeNaN();
    expect(() => acc.add(new Int32Array([2]), new Int32Array([0]))).toThrow(
      'IoUAccumulator.add: pred[0] is 2, expected -1 (background) or a class 0..1',
    );
  });

  it('similarityDense is the cosine between patch and class embeddings', () => {
    const s = similarityDense(new Float32Array([1, 0, 3, 4]), new Float32Array([0, 2, 1, 1]), 2);
    [0, Math.SQRT1_2, 0.8, 7 / (5 * Math.SQRT2)].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 6));
    expect(Array.from(labelPatches(s, 2, 0.5))).toEqual([1, 1]);
  });
});
