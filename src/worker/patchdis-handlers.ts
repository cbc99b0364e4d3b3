/**
 * The worker's side of text queries and PatchDis, kept apart from handlers.ts so the
 * explorer's core dispatcher stays small. Heavy data (patch scores) never leaves the worker:
 * answers are one float32 [patches] row or int32 [patches] label arrays.
 */
import { loadEvalSet } from '../bundle/loaders';
import { sourceFromFiles, type BundleSource } from '../bundle/source';
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { EvalSetJson } from '../bundle/types';
import { runSparsitySweep } from '../eval/sparsity-sweep';
import { defaultBackgroundThreshold } from '../lexical/background';
import { EMPTY_WORDS, sparseWordList } from '../lexical/word-list';
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { encodeClasses, type ClassProgress } from '../patchdis/classes';
import { runPatchDisDataset, type DatasetResult } from '../patchdis/dataset';
import { maskPatchLabels, readMask } from '../patchdis/ground-truth';
import { labelImage } from '../patchdis/label-image';
import type { SweepSpec, SweepTable } from '../retrieval/sweep';
import { nextTask } from '../util/tasks';
import type { PatchDisImageResult, Post, TextQueryResult } from './protocol';

const now = (): number => globalThis.performance.now();

/** Label of the 'classes' progress phase, shown after the counts ("120 / 297 class names encoded"). */
const CLASSES_LABEL = 'class names encoded';

/**
 * Class-name progress as 'progress' messages: none in the first 100 ms (names already encoded
 * take microseconds each: no bar flashes), then at most one per 100 ms, and always the last. A
 * message per name would cost the page a render per name while the worker is busy.
 */
function classProgress(id: number, post: Post): ClassProgress {
  let last = now();
  return (done, total) => {
    const t = now();
    if (done < total && t - last < 100) return;
    last = t;
    post({ id, type: 'progress', phase: 'classes', loadedBytes: done, totalBytes: total, label: CLASSES_LABEL });
  };
}

/** The newest prepareClasses call; an older one stops at its next name. */
let prepareSeq = 0;

/**
 * Computes the class names' text vectors ahead of "Label patches" (the page asks as soon as it
 * knows the classes: an evaluation set chosen, a class list typed): a long list's first PatchDis
 * otherwise spends seconds in the text graph (297 names: 2.6-3.1 s in the browser). One name per
 * task, so a hover or an encode waits for at most one text run; a run that PatchDis asks for
 * meanwhile is shared, not repeated (TextModel's cache holds runs in progress). Stops when a newer
 * list arrives or another model is loaded. Returns how many names it ran the text graph for.
 */
export async function prepareClasses(engine: Engine, names: readonly string[], yieldToOthers: () => Promise<unknown> = nextTask): Promise<number> {
  const n = ++prepareSeq;
  const text = await engine.text();
  const rule = engine.sparsifyRule;
  let ran = 0;
  for (const name of new Set(names.map((s) => s.trim()).filter((s) => s !== ''))) {
    if (n !== prepareSeq || (await engine.text()) !== text) break;
    if (text.has(name, rule)) continue;
    await text.encode(name, rule);
    ran++;
    await yieldToOthers();
  }
  return ran;
}

/** Running dataset jobs by the caller's job token; cancelJob flips the flag, the loop checks it per image. */
const jobs = new Map<number, { cancelled: boolean }>();

export async function textQuery(engine: Engine, text: string, topN: number): Promise<TextQueryResult> {
  const t0 = now();
  const trimmed = text.trim();
  if (trimmed === '') throw new EngineError('internal', 'the query is empty, expected a word, several words or a caption');
  const model = await engine.text();
  const q = await model.encode(trimmed, engine.sparsifyRule);
  const relevance = engine.relevanceOf(q);
  let min = Infinity;
  let max = -Infinity;
  for (const v of relevance) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const vocab = engine.vocabulary();
  const words = q.kind === 'lexical' && vocab ? sparseWordList(q.vector, vocab.words, topN) : EMPTY_WORDS;
  return {
    text: trimmed,
    kind: q.kind,
    via: q.via,
    used: q.kind === 'lexical' ? q.used : [],
    dropped: q.kind === 'lexical' ? q.dropped : [],
    words,
    relevance,
    min,
    max,
    ms: now() - t0,
  };
}

export async function patchDisImage(
  engine: Engine,
  classNames: string[],
  threshold: number | null,
  mask: { name: string; bytes: ArrayBuffer } | null,
  progress?: { id: number; post: Post },
): Promise<PatchDisImageResult> {
  const t0 = now();
  const image = engine.encoded;
  if (!image) throw new EngineError('no-image', 'No image is encoded: open an image first.');
  const info = engine.info();
  const classes = await encodeClasses(engine, classNames, progress && classProgress(progress.id, progress.post));
  let gt: Int32Array | null = null;
  if (mask) {
    const m = readMask(new Uint8Array(mask.bytes), mask.name, image, classes.length);
    gt = maskPatchLabels(m, image, info.inputSize, info.grid, classes.length);
  }
  const rule = defaultBackgroundThreshold(info.kind, engine.sparsifyRule);
  const t = threshold ?? rule.threshold;
  const { labels, iou } = labelImage(image, classes, t, gt);
  return {
    classes: classNames,
    classWords: classes.map((c) => ({ used: c.used, dropped: c.dropped })),
    threshold: t,
    thresholdRule: threshold === null ? rule.why : 'set by the user',
    labels,
    gt,
    maskName: mask?.name ?? null,
    iou,
    ms: now() - t0,
  };
}

/** The evaluation set and a reader for its files (paths relative to the set's folder). */
export async function openEvalSet(engine: Engine, src: EvalSourceMsg): Promise<{ set: EvalSetJson; read: (p: string) => Promise<Uint8Array> }> {
  let source: BundleSource;
  let dir: string;
  if (src.kind === 'bundle') {
    const spec = engine.manifest?.eval;
    if (!spec) throw new EngineError('no-model', `${engine.manifest?.name ?? 'No bundle'} has no evaluation set (manifest.json eval is absent); choose an evaluation-set folder instead`);
    source = engine.bundleSource();
    dir = spec.dir;
  } else {
    // A picked folder arrives as "top/evalset.json", "top/images/..."; the set's folder is where evalset.json is.
    const paths = src.files.map((f) => f.path.replace(/^(\.\/|\/)+/, ''));
    const found = paths.filter((p) => p === 'evalset.json' || p.endsWith('/evalset.json')).sort((a, b) => a.length - b.length)[0];
    if (!found) throw new EngineError('bad-bundle', `the chosen folder has no evalset.json (${paths.length} files), expected an evaluation-set folder (docs/eval-set-format.md)`);
    source = sourceFromFiles(found.split('/')[0] || 'folder', src.files);
    dir = found.slice(0, Math.max(0, found.lastIndexOf('/')));
  }
  const { evalSet } = await loadEvalSet(source, dir);
  return { set: evalSet, read: (p) => source.read(dir === '' ? p : `${dir}/${p}`) };
}

export async function patchDisDataset(engine: Engine, id: number, token: number, src: EvalSourceMsg, threshold: number | null, post: Post): Promise<DatasetResult> {
  if (jobs.has(token)) throw new EngineError('internal', `PatchDis job ${token} is already running, expected a new job token`);
  const job = { cancelled: false };
  jobs.set(token, job);
  try {
    const { set, read } = await openEvalSet(engine, src);
    return await runPatchDisDataset(engine, set, read, {
      threshold: threshold ?? undefined,
      isCancelled: () => job.cancelled,
      onClassProgress: classProgress(id, post),
      onProgress: (done, total, itemId) => post({ id, type: 'progress', phase: 'patchdis', loadedBytes: done, totalBytes: total, label: itemId }),
    });
  } finally {
    jobs.delete(token);
  }
}

/** The sparsity sweep over an evaluation set; cancelled like a PatchDis dataset run. */
export async function sparsitySweep(engine: Engine, id: number, token: number, src: EvalSourceMsg, spec: SweepSpec, post: Post): Promise<SweepTable> {
  if (jobs.has(token)) throw new EngineError('internal', `job ${token} is already running, expected a new job token`);
  const job = { cancelled: false };
  jobs.set(token, job);
  try {
    const { set, read } = await openEvalSet(engine, src);
    return await runSparsitySweep(engine, set, read, spec, {
      isCancelled: () => job.cancelled,
      onProgress: (done, total, label) => post({ id, type: 'progress', phase: 'encode', loadedBytes: done, totalBytes: total, label }),
    });
  } finally {
    jobs.delete(token);
  }
}

export function cancelJob(job: number): boolean {
  const j = jobs.get(job);
  if (j) j.cancelled = true;
  return j !== undefined;
}
