/**
 * Patch-level IoU for PatchDis. Labels: -1 = background, 0..C-1 = classes.
 *
 * mIoU is the mean over the classes that appear in the ground truth or the prediction
 * (union > 0); a class absent from both has no IoU (null) and does not count. Background is
 * not a class: a class patch predicted as background lowers that class's IoU through its
 * union, and background patches predicted as background count nowhere.
 * Over a dataset, intersections and unions are summed across images before dividing
 * (IoUAccumulator), as in standard semantic-segmentation mIoU, rather than averaging per image.
 */

export interface ClassIoU {
  cls: number;
  /** inter / union, or null when the class appears in neither prediction nor ground truth. */
  iou: number | null;
  inter: number;
  union: number;
}

export interface IoUResult {
  perClass: ClassIoU[];
  /** Mean of the non-null per-class IoUs; NaN when no class appears at all. */
  miou: number;
}

export class IoUAccumulator {
  private readonly inter: Float64Array; // [numClasses]
  private readonly union: Float64Array; // [numClasses]

  constructor(readonly numClasses: number) {
    this.inter = new Float64Array(numClasses);
    this.union = new Float64Array(numClasses);
  }

  /** Adds one image: int32 [patches] predicted and ground-truth labels. */
  add(pred: Int32Array, gt: Int32Array): this {
    if (pred.length !== gt.length) {
      throw new RangeError(`IoUAccumulator.add: pred has ${pred.length} patches, expected ${gt.length} like gt`);
    }
    const C = this.numClasses;
    for (let i = 0; i < gt.length; i++) {
      const p = pred[i];
      const g = gt[i];
      for (const [name, v] of [['pred', p], ['gt', g]] as const) {
        if (v < -1 || v >= C) throw new RangeError(`IoUAccumulator.add: ${name}[${i}] is ${v}, expected -1 (background) or a class 0..${C - 1}`);
      }
      if (p === g) {
        if (g >= 0) {
          this.inter[g]++;
          this.union[g]++;
        }
      } else {
        if (p >= 0) this.union[p]++;
        if (g >= 0) this.union[g]++;
      }
    }
    return this;
  }

  result(): IoUResult {
    const perClass: ClassIoU[] = [];
    let sum = 0;
    let n = 0;
    for (let c = 0; c < this.numClasses; c++) {
      const union = this.union[c];
      const iou = union > 0 ? this.inter[c] / union : null;
      if (iou !== null) {
        sum += iou;
        n++;
      }
      perClass.push({ cls: c, iou, inter: this.inter[c], union });
    }
    return { perClass, miou: n > 0 ? sum / n : NaN };
  }
}

/** IoU of one image (or one pair of label arrays). */
export function patchIoU(pred: Int32Array, gt: Int32Array, numClasses: number): IoUResult {
  return new IoUAccumulator(numClasses).add(pred, gt).result();
}
