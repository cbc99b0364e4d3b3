/** Statistics of `lexvla bench` (pure): median, nearest-rank percentiles, a build's figures, the targets and ratios. */
import type { BenchFormat } from './bench-images';

/** The p-th percentile (0..100) by the nearest-rank method: always one of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile: no samples, expected at least one');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p is ${p}, expected a number in [0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The middle sample, or the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median: no samples, expected at least one');
  const s = [...samples].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One encode as measured in the page (src/app/perf.ts, measure "lexvla:image"). */
export interface ImageRun {
  read: number;
  worker: { decode: number; preprocess: number; inference: number; postprocess: number };
  transfer: number;
  layout: number;
  /** Of `layout`, measuring and placing the words (absent in builds before it was measured). */
  place?: number;
  total: number;
  /** Chosen -> the ranked table painted too (it follows the cloud by a frame); absent in older builds. */
  settled?: number;
  /** Of `layout`, the frame that painted the cloud, from its start; absent in older builds. */
  frame?: number;
}

/** One hover or drag step as measured in the page (measures "lexvla:hover", "lexvla:region"). */
export interface HoverRun {
  words: number;
  layout: number;
  place?: number;
  total: number;
}

export const STAGES = ['read', 'decode', 'preprocess', 'inference', 'postprocess', 'transfer', 'layout', 'total'] as const;
type Stage = (typeof STAGES)[number];

function stageOf(r: ImageRun, s: Stage): number {
  return s in r.worker ? r.worker[s as keyof ImageRun['worker']] : (r[s as keyof ImageRun] as number);
}

/** The fixed cost of an image: everything from choosing it to its cloud painted but `session.run`. */
export const fixedCost = (r: ImageRun): number => r.total - r.worker.inference;

/**
 * The speed targets (docs/benchmarks.md): the fixed cost of a 640 x 480 image at most 30 ms
 * (median, PNG and JPEG); a hover or a drag step repainted within one 60 Hz frame at the 95th percentile.
 */
export const TARGETS = { fixedMs: 30, hoverP95Ms: 16, regionP95Ms: 16 } as const;

export interface ImageFigures {
  runs: number;
  medianMs: Record<Stage, number>;
  fixed: { median: number; p95: number };
  /** Median of the cloud's measuring and placing, within `layout` (null if not measured). */
  placeMedian: number | null;
  /** Median of chosen -> the ranked table painted too (null if not measured). */
  settledMedian: number | null;
  /** Median of the painting frame, within `layout` (null if not measured). */
  frameMedian: number | null;
}

export interface PointerFigures {
  n: number;
  median: number;
  p95: number;
  /** Medians of pointer -> words in the store, and -> cloud painted. */
  wordsMedian: number;
  layoutMedian: number;
  /** The three slowest (n = 1-based order over all passes), split as measured: where a p95 comes from. */
  slowest: Array<{ n: number; total: number; words: number; layout: number }>;
}

/** One build's figures over all its passes. */
export interface BuildFigures {
  images: Partial<Record<BenchFormat, ImageFigures>>;
  /** The first image of each pass (engines not yet optimised), its total and fixed cost. */
  first: { totals: number[]; fixedMedian: number };
  hover: PointerFigures | null;
  region: PointerFigures | null;
}

/** Median of an optional field, null when any run lacks it. */
function medianOf<T>(runs: readonly T[], get: (r: T) => number | undefined): number | null {
  const xs = runs.map(get);
  return xs.every((x): x is number => typeof x === 'number') && xs.length > 0 ? median(xs) : null;
}

export function imageFigures(images: readonly ImageRun[]): ImageFigures {
  const fixed = images.map(fixedCost);
  return {
    runs: images.length,
    medianMs: Object.fromEntries(STAGES.map((s) => [s, median(images.map((r) => stageOf(r, s)))])) as Record<Stage, number>,
    fixed: { median: median(fixed), p95: percentile(fixed, 95) },
    placeMedian: medianOf(images, (r) => r.place),
    settledMedian: medianOf(images, (r) => r.settled),
    frameMedian: medianOf(images, (r) => r.frame),
  };
}

export function pointerFigures(runs: readonly HoverRun[]): PointerFigures | null {
  if (runs.length === 0) return null;
  const totals = runs.map((h) => h.total);
  return {
    n: runs.length,
    median: median(totals),
    p95: percentile(totals, 95),
    wordsMedian: median(runs.map((h) => h.words)),
    layoutMedian: median(runs.map((h) => h.layout)),
    slowest: runs
      .map((h, i) => ({ n: i + 1, total: h.total, words: h.words, layout: h.layout }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 3),
  };
}

/** A build's figures from its passes' runs, pooled. */
export function buildFigures(passes: ReadonlyArray<{ images: ReadonlyArray<ImageRun & { format: BenchFormat }>; first: ImageRun; hovers: readonly HoverRun[]; regions: readonly HoverRun[] | null }>): BuildFigures {
  const images: BuildFigures['images'] = {};
  const all = passes.flatMap((p) => p.images);
  for (const format of new Set(all.map((r) => r.format))) images[format] = imageFigures(all.filter((r) => r.format === format));
  const firsts = passes.map((p) => p.first);
  return {
    images,
    first: { totals: firsts.map((r) => r.total), fixedMedian: median(firsts.map(fixedCost)) },
    hover: pointerFigures(passes.flatMap((p) => p.hovers)),
    region: pointerFigures(passes.flatMap((p) => p.regions ?? [])),
  };
}

/** One line of the report: a figure of each build, its target if it has one, and the ratio to the baseline. */
export interface FigureRow {
  label: string;
  /** The most the figure may be; null: shown for context. */
  target: number | null;
  value: number;
  baseline: number | null;
  /** value / baseline (null without a baseline). */
  ratio: number | null;
  /** Whether `value` meets `target` (null without one). */
  met: boolean | null;
}

/** The figures the targets name, and inference beside them, for `build` against `baseline`. */
export function figureRows(build: BuildFigures, baseline: BuildFigures | null): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (label: string, target: number | null, get: (b: BuildFigures) => number | undefined) => {
    const value = get(build);
    if (value === undefined) return;
    const base = baseline ? (get(baseline) ?? null) : null;
    rows.push({ label, target, value, baseline: base, ratio: base ? value / base : null, met: target === null ? null : value <= target });
  };
  for (const format of ['png', 'jpeg', 'gif'] as const) {
    const name = format.toUpperCase();
    add(`image -> words, fixed cost, ${name}, median`, format === 'gif' ? null : TARGETS.fixedMs, (b) => b.images[format]?.fixed.median);
    add(`image -> words, fixed cost, ${name}, p95`, null, (b) => b.images[format]?.fixed.p95);
    add(`image -> words, inference, ${name}, median`, null, (b) => b.images[format]?.medianMs.inference);
  }
  add('first image, fixed cost, median over passes', null, (b) => b.first.fixedMedian);
  add('hover -> patch cloud painted, p95', TARGETS.hoverP95Ms, (b) => b.hover?.p95);
  add('hover -> patch cloud painted, median', null, (b) => b.hover?.median);
  add('drag step -> region cloud painted, p95', TARGETS.regionP95Ms, (b) => b.region?.p95);
  add('drag step -> region cloud painted, median', null, (b) => b.region?.median);
  return rows;
}
