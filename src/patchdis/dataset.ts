/**
 * PatchDis over an evaluation set: THE loop, shared by the browser's worker and
 * `lexvla eval patchdis`, so both report identical numbers (src/patchdis/dataset.test.ts checks it).
 * Intersections and unions are summed over images before dividing (IoUAccumulator).
 */
import type { EvalSetJson } from '../bundle/types';
import { defaultBackgroundThreshold } from '../lexical/background';
import { IoUAccumulator, patchIoU } from '../lexical/iou';
import { PatchErrorAccumulator, type PatchErrors } from '../lexical/patch-errors';
import { labelPatches } from '../lexical/patchdis';
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import type { SparsifyRule } from '../lexical/sparse';
import { encodeClasses, encodeClassesAt, type ClassProgress, type EncodedClass } from './classes';
import { maskPatchLabels, readMask } from './ground-truth';
import { classSimilarity } from './label-image';

interface DatasetOptions {
  /** Background threshold; undefined = the documented default (src/lexical/background.ts). */
  threshold?: number;
  /** After each image: images done, images to do, the item's id. */
  onProgress?: (done: number, total: number, id: string) => void;
  /** Before the images, after each class name encoded: names done, names in all. */
  onClassProgress?: ClassProgress;
  /** Checked after each class name and before each image; true stops the run with an EngineError('cancelled'). */
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
  /** Where the patches went (src/lexical/patch-errors.ts); background takers by class name. */
  errors: Omit<PatchErrors, 'backgroundTakers'> & { backgroundTakers: Array<{ class: string; patches: number }> };
  /** Wall-clock, not part of the numbers compared between browser and CLI. */
  timing: { totalMs: number; encodeMs: number; imagesPerSecond: number };
}

const now = (): number => globalThis.performance.now();

/** The breakdown as lines of text, shares of all patches (`lexvla eval patchdis` and the browser's summary). */
export function patchErrorLines(e: DatasetResult['errors']): string[] {
  const pct = (n: number) => `${((100 * n) / Math.max(1, e.patches)).toFixed(1)}%`;
  const lines = [
    `background patches ${pct(e.background.total)}: kept ${pct(e.background.kept)}, labelled a class the image has ${pct(e.background.presentClass)}, a class it has not ${pct(e.background.absentClass)}`,
    `object patches ${pct(e.object.total)}: right ${pct(e.object.right)}, called background ${pct(e.object.background)}, another class the image has ${pct(e.object.otherPresent)}, a class it has not ${pct(e.object.absent)}`,
  ];
  if (e.backgroundTakers.length > 0) lines.push(`background taken most by: ${e.backgroundTakers.map((t) => `${t.class} (${pct(t.patches)})`).join(', ')}`);
  return lines;
}

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
  // A long class list's first encoding takes seconds: Cancel works during it too.
  const classes = await encodeClasses(engine, set.classes, (done, total) => {
    if (opts.isCancelled?.()) throw new EngineError('cancelled', `PatchDis on ${set.name} was cancelled while encoding class names (${done} of ${total}), before any image`);
    opts.onClassProgress?.(done, total);
  });
  const { masked, accs, errors, perImage, encodeMs } = await patchDisLoop(engine, set, read, [{ classes, threshold }], opts);
  const res = accs[0].result();
  const err = errors[0].result();
  const totalMs = now() - t0;
  return {
    bundle: info.name,
    evalSet: set.name,
    images: masked,
    skipped: set.items.length - masked,
    classes: [...set.classes],
    threshold,
    thresholdRule,
    textMode: info.textMode,
    miou: res.miou,
    perClass: res.perClass.map((c) => ({ class: set.classes[c.cls], iou: c.iou, inter: c.inter, union: c.union })),
    perImage: perImage[0],
    errors: { ...err, backgroundTakers: err.backgroundTakers.map((t) => ({ class: set.classes[t.cls], patches: t.patches })) },
    timing: { totalMs, encodeMs, imagesPerSecond: totalMs > 0 ? (1000 * masked) / totalMs : 0 },
  };
}

/** One point of the sparsity sweep: PatchDis under one sparsification rule. */
interface PatchDisSweepPoint {
  rule: SparsifyRule;
  /** The background threshold the rule implies (src/lexical/background.ts). */
  threshold: number;
  miou: number;
}

/**
 * PatchDis under several rules (the sparsity sweep): each image is encoded once and labelled
 * under every rule, with the rule's class vectors and its default background threshold: the
 * point for a rule equals runPatchDisDataset with the engine set to that rule.
 */
export async function runPatchDisSweep(
  engine: Engine,
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  rules: readonly SparsifyRule[],
  opts: Omit<DatasetOptions, 'threshold'> = {},
): Promise<PatchDisSweepPoint[]> {
  const kind = engine.info().kind;
  const perRule = await encodeClassesAt(engine, set.classes, rules);
  const settings = rules.map((r, s) => ({ classes: perRule[s], threshold: defaultBackgroundThreshold(kind, r).threshold }));
  const { accs } = await patchDisLoop(engine, set, read, settings, opts);
  return rules.map((rule, s) => ({ rule, threshold: settings[s].threshold, miou: accs[s].result().miou }));
}

interface Setting {
  classes: EncodedClass[];
  threshold: number;
}

/** THE loop: every masked image encoded once, labelled under each setting, IoU summed per setting. */
async function patchDisLoop(
  engine: Engine,
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  settings: readonly Setting[],
  opts: Omit<DatasetOptions, 'threshold'>,
): Promise<{ masked: number; accs: IoUAccumulator[]; errors: PatchErrorAccumulator[]; perImage: DatasetResult['perImage'][]; encodeMs: number }> {
  const info = engine.info();
  const C = set.classes.length;
  const masked = set.items.filter((it) => it.mask);
  if (masked.length === 0) throw new EngineError('bad-mask', `${set.name}: no item has a mask; PatchDis needs class-index masks (evalset.json items[].mask)`);
  const accs = settings.map(() => new IoUAccumulator(C));
  const errors = settings.map(() => new PatchErrorAccumulator(C));
  const perImage: DatasetResult['perImage'][] = settings.map(() => []);
  let encodeMs = 0;
  for (const [i, item] of masked.entries()) {
    if (opts.isCancelled?.()) throw new EngineError('cancelled', `PatchDis on ${set.name} was cancelled after ${i} of ${masked.length} images`);
    const te = now();
    const { image } = await engine.encodeDetached(await read(item.image), item.image, 0);
    encodeMs += now() - te;
    const mask = readMask(await read(item.mask!), item.mask!, { ...image, name: item.image }, C);
    const gt = maskPatchLabels(mask, image, info.inputSize, info.grid, C);
    settings.forEach((st, s) => {
      const pred = labelPatches(classSimilarity(image, st.classes), C, st.threshold);
      accs[s].add(pred, gt);
      errors[s].add(pred, gt);
      perImage[s].push({ id: item.id, image: item.image, miou: patchIoU(pred, gt, C).miou });
    });
    opts.onProgress?.(i + 1, masked.length, item.id);
  }
  return { masked: masked.length, accs, errors, perImage, encodeMs };
}
