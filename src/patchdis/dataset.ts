/**
 * PatchDis over an evaluation set: THE loop, shared by the browser's worker and
 * `lexvla eval patchdis`, so both report identical numbers (src/patchdis/dataset.test.ts checks it).
 * Intersections and unions are summed over images before dividing (IoUAccumulator).
 */
import type { EvalSetJson } from '../bundle/types';
import { defaultBackgroundThreshold } from '../lexical/background';
import { IoUAccumulator, patchIoU } from '../lexical/iou';
import { labelPatches } from '../lexical/patchdis';
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { encodeClasses } from './classes';
import { maskPatchLabels, readMask } from './ground-truth';
import { classSimilarity } from './label-image';

export interface DatasetOptions {
  /** Background threshold; undefined = the documented default (src/lexical/background.ts). */
  threshold?: number;
  /** After each image: images done, images to do, the item's id. */
  onProgress?: (done: number, total: number, id: string) => void;
  /** Checked before each image; true stops the run with an EngineError('cancelled'). */
  isCancelled?: () => boolean;
}

export interface DatasetClassIoU {
  class: string;
  /** null when the class appears in neither prediction nor ground truth over the whole set. */
  iou: number | null;
  inter: number;
  union: number;
}

export interface DatasetResult {
  bundle: string;
  evalSet: string;
  /** Items with a mask (items without one are skipped). */
  images: number;
  skipped: number;
  classes: string[];
  threshold: number;
  thresholdRule: string;
  textMode: string;
  miou: number;
  perClass: DatasetClassIoU[];
  perImage: Array<{ id: string; image: string; miou: number }>;
  /** Wall-clock, not part of the numbers compared between browser and CLI. */
  timing: { totalMs: number; encodeMs: number; imagesPerSecond: number };
}

const now = (): number => globalThis.performance.now();

export async function runPatchDisDataset(
  engine: Engine,
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  opts: DatasetOptions = {},
): Promise<DatasetResult> {
  const t0 = now();
  const info = engine.info();
  const rule = defaultBackgroundThreshold(info.kind, engine.sparsifyRule);
  const threshold = opts.threshold ?? rule.threshold;
  const thresholdRule = opts.threshold === undefined ? rule.why : 'set by the user';
  const classes = await encodeClasses(engine, set.classes);
  const C = classes.length;
  const masked = set.items.filter((it) => it.mask);
  if (masked.length === 0) throw new EngineError('bad-mask', `${set.name}: no item has a mask; PatchDis needs class-index masks (evalset.json items[].mask)`);
  const acc = new IoUAccumulator(C);
  const perImage: DatasetResult['perImage'] = [];
  let encodeMs = 0;
  for (const [i, item] of masked.entries()) {
    if (opts.isCancelled?.()) throw new EngineError('cancelled', `PatchDis on ${set.name} was cancelled after ${i} of ${masked.length} images`);
    const te = now();
    const { image } = await engine.encodeDetached(await read(item.image), item.image, 0);
    encodeMs += now() - te;
    const mask = readMask(await read(item.mask!), item.mask!, { ...image, name: item.image }, C);
    const gt = maskPatchLabels(mask, image, info.inputSize, info.grid, C);
    const pred = labelPatches(classSimilarity(image, classes), C, threshold);
    acc.add(pred, gt);
    perImage.push({ id: item.id, image: item.image, miou: patchIoU(pred, gt, C).miou });
    opts.onProgress?.(i + 1, masked.length, item.id);
  }
  const res = acc.result();
  const totalMs = now() - t0;
  return {
    bundle: info.name,
    evalSet: set.name,
    images: masked.length,
    skipped: set.items.length - masked.length,
    classes: [...set.classes],
    threshold,
    thresholdRule,
    textMode: info.textMode,
    miou: res.miou,
    perClass: res.perClass.map((c) => ({ class: set.classes[c.cls], iou: c.iou, inter: c.inter, union: c.union })),
    perImage,
    timing: { totalMs, encodeMs, imagesPerSecond: totalMs > 0 ? (1000 * masked.length) / totalMs : 0 },
  };
}
