/** Statistics of the benchmark (pure): median, nearest-rank percentiles, and the targets. */

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
}

export const STAGES = ['read', 'decode', 'preprocess', 'inference', 'postprocess', 'transfer', 'layout', 'total'] as const;
type Stage = (typeof STAGES)[number];

function stageOf(r: ImageRun, s: Stage): number {
  return s in r.worker ? r.worker[s as keyof ImageRun['worker']] : (r[s as keyof ImageRun] as number);
}

/** The speed targets (docs/benchmarks.md): overhead (everything but inference) at most 25% of inference; hover p95 at most 50 ms. */
export const TARGETS = { overheadRatio: 0.25, hoverP95Ms: 50 } as const;

export interface BenchSummary {
  runs: number;
  hovers: number;
  medianMs: Record<Stage, number>;
  /** Median over runs of (total - inference) / inference. */
  overheadRatio: number;
  hoverMs: { median: number; p95: number; wordsMedian: number; layoutMedian: number; placeMedian: number | null };
  /** The three slowest hovers (n = 1-based order), split as measured: where a p95 comes from. */
  slowestHovers: Array<{ n: number; total: number; words: number; layout: number }>;
  /** Median of the global cloud's measuring and placing, within `layout` (null if not measured). */
  placeMedianMs: number | null;
  /** Median of chosen -> the table beside the cloud painted too (null if not measured). */
  settledMedianMs: number | null;
  targets: { overheadMet: boolean; hoverMet: boolean };
}

/** One hover as measured in the page (measure "lexvla:hover"): pointer -> words in the store -> painted. */
export interface HoverRun {
  words: number;
  layout: number;
  place?: number;
  total: number;
}

/** Median of an optional field, null when any run lacks it. */
function medianOf<T>(runs: readonly T[], get: (r: T) => number | undefined): number | null {
  const xs = runs.map(get);
  return xs.every((x): x is number => typeof x === 'number') && xs.length > 0 ? median(xs) : null;
}

export function summarize(images: readonly ImageRun[], hoverRuns: readonly HoverRun[]): BenchSummary {
  const hovers = hoverRuns.map((h) => h.total);
  const medianMs = Object.fromEntries(STAGES.map((s) => [s, median(images.map((r) => stageOf(r, s)))])) as Record<Stage, number>;
  const overheadRatio = median(images.map((r) => (r.total - r.worker.inference) / r.worker.inference));
  const hoverMs = {
    median: median(hovers),
    p95: percentile(hovers, 95),
    wordsMedian: median(hoverRuns.map((h) => h.words)),
    layoutMedian: median(hoverRuns.map((h) => h.layout)),
    placeMedian: medianOf(hoverRuns, (h) => h.place),
  };
  return {
    runs: images.length,
    hovers: hovers.length,
    medianMs,
    overheadRatio,
    placeMedianMs: medianOf(images, (r) => r.place),
    settledMedianMs: medianOf(images, (r) => r.settled),
    hoverMs,
    slowestHovers: hoverRuns
      .map((h, i) => ({ n: i + 1, total: h.total, words: h.words, layout: h.layout }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 3),
    targets: { overheadMet: overheadRatio <= TARGETS.overheadRatio, hoverMet: hoverMs.p95 <= TARGETS.hoverP95Ms },
  };
}
