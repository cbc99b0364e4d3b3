/**
 * Where PatchDis's patches go: every (prediction, ground truth) patch pair sorted into what it
 * says about the model, to show what limits an mIoU. Labels as in iou.ts: -1 = background,
 * 0..C-1 = classes.
 *
 * - A background patch (ground truth -1) is kept as background, or labelled a class the image
 *   has, or a class the image has not (a word of the background also in a class name, say).
 * - An object patch (ground truth k) is right, or called background, or labelled another class the
 *   image has (the objects are told apart wrongly), or a class the image has not.
 * "The image has" class c when at least one of its ground-truth patches is c.
 */

export interface PatchErrors {
  patches: number;
  background: { total: number; kept: number; presentClass: number; absentClass: number };
  object: { total: number; right: number; background: number; otherPresent: number; absent: number };
  /** The classes that took the most background patches, most first. */
  backgroundTakers: Array<{ cls: number; patches: number }>;
}

export class PatchErrorAccumulator {
  private readonly bg = { total: 0, kept: 0, presentClass: 0, absentClass: 0 };
  private readonly obj = { total: 0, right: 0, background: 0, otherPresent: 0, absent: 0 };
  private readonly takers: Float64Array;
  private readonly present: Uint8Array;

  constructor(readonly numClasses: number) {
    this.takers = new Float64Array(numClasses);
    this.present = new Uint8Array(numClasses);
  }

  /** Adds one image: int32 [patches] predicted and ground-truth labels. */
  add(pred: Int32Array, gt: Int32Array): this {
    if (pred.length !== gt.length) {
      throw new RangeError(`PatchErrorAccumulator.add: pred has ${pred.length} patches, expected ${gt.length} like gt`);
    }
    const C = this.numClasses;
    this.present.fill(0);
    for (let i = 0; i < gt.length; i++) {
      for (const [name, v] of [['pred', pred[i]], ['gt', gt[i]]] as const) {
        if (v < -1 || v >= C) throw new RangeError(`PatchErrorAccumulator.add: ${name}[${i}] is ${v}, expected -1 (background) or a class 0..${C - 1}`);
      }
      if (gt[i] >= 0) this.present[gt[i]] = 1;
    }
    for (let i = 0; i < gt.length; i++) {
      const p = pred[i];
      const g = gt[i];
      if (g < 0) {
        this.bg.total++;
        if (p < 0) this.bg.kept++;
        else {
          this.takers[p]++;
          if (this.present[p]) this.bg.presentClass++;
          else this.bg.absentClass++;
        }
      } else {
        this.obj.total++;
        if (p === g) this.obj.right++;
        else if (p < 0) this.obj.background++;
        else if (this.present[p]) this.obj.otherPresent++;
        else this.obj.absent++;
      }
    }
    return this;
  }

  /** @param top how many background takers to list */
  result(top = 10): PatchErrors {
    const takers = [...this.takers.keys()]
      .filter((c) => this.takers[c] > 0)
      .sort((a, b) => this.takers[b] - this.takers[a] || a - b)
      .slice(0, top)
      .map((cls) => ({ cls, patches: this.takers[cls] }));
    return { patches: this.bg.total + this.obj.total, background: { ...this.bg }, object: { ...this.obj }, backgroundTakers: takers };
  }
}
