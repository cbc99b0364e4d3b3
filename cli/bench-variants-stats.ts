/**
 * `lexvla bench-variants`: the numbers, apart from the browser and the runtime that produce them
 * (pure, tested in bench-variants-stats.test.ts). A variant is compared with the exact graph on
 * what a user sees: the global word list (its top N, position by position, and as a set) and the
 * PatchDis label of every patch; speed by the medians of the same run; memory against a target.
 */
import { median } from './bench-stats';

export const VARIANT_TARGETS = {
  /** Inference (session.run) median of the exact graph / the variant's, same run. */
  speedup: 2,
  /** Share of the global top-N positions holding the same word as the exact graph's list. */
  topPositions: 0.95,
  /** Share of patches whose PatchDis label (a class or background) is the exact graph's. */
  patchLabels: 0.98,
  /** Peak memory of the browser's processes (bytes), bundle loaded and images encoded. */
  peakBytes: 1.5e9,
};

/** What one graph made of the agreement images: the global top-N word indices and the patch labels, per image. */
export interface GraphWords {
  top: number[][];
  labels: Int32Array[];
}

export interface Agreement {
  images: number;
  topN: number;
  /** Mean over images of the share of positions 0..N-1 with the same word in both lists. */
  topPositions: number;
  /** Mean over images of |A ∩ B| / N: the same words, in any order. */
  topOverlap: number;
  /** Images whose N words are the same in the same order. */
  identicalLists: number;
  /** Patches with the same label, over all patches of all images. */
  patchLabels: number;
  patches: number;
}

/** `topN`: the list length asked for (a list is shorter when fewer words pass the sparsification rule). */
export function agreement(exact: GraphWords, other: GraphWords, topN: number): Agreement {
  const n = exact.top.length;
  if (other.top.length !== n || exact.labels.length !== n || other.labels.length !== n) {
    throw new Error(`agreement: ${n} images for the exact graph, ${other.top.length} for the variant; expected the same images`);
  }
  let positions = 0;
  let overlap = 0;
  let identical = 0;
  let sameLabels = 0;
  let patches = 0;
  for (let i = 0; i < n; i++) {
    const a = exact.top[i];
    const b = other.top[i];
    const k = Math.max(a.length, b.length, 1);
    let same = 0;
    for (let j = 0; j < k; j++) if (a[j] !== undefined && a[j] === b[j]) same++;
    positions += same / k;
    const inA = new Set(a);
    overlap += b.filter((w) => inA.has(w)).length / k;
    if (same === k) identical++;
    const la = exact.labels[i];
    const lb = other.labels[i];
    if (la.length !== lb.length) throw new Error(`agreement: image ${i} has ${la.length} patch labels for the exact graph, ${lb.length} for the variant`);
    for (let p = 0; p < la.length; p++) if (la[p] === lb[p]) sameLabels++;
    patches += la.length;
  }
  return {
    images: n,
    topN,
    topPositions: n ? positions / n : 0,
    topOverlap: n ? overlap / n : 0,
    identicalLists: identical,
    patchLabels: patches ? sameLabels / patches : 0,
    patches,
  };
}

/** One variant's browser figures, over every round. */
export interface VariantRuns {
  name: string;
  /** session.run of each measured image, ms. */
  inference: number[];
  /** session.run of each round's first image (the first warm-up image, the session's first run on a user's image), ms. */
  firstInference?: number[];
  /** Image chosen -> global cloud painted, ms. */
  total: number[];
  /** CPU time of the browser's processes over the same span, ms (what other jobs' load does not stretch). */
  cpu: number[];
  /** Peak of the browser processes' summed PSS, per round (bytes). */
  peakPss: number[];
  /** Peak RSS of the page's renderer process (its worker and WebAssembly memory included), per round. */
  peakRendererRss: number[];
  /** At each round's peak: PSS by process type. */
  peakByType?: Array<Record<string, number>>;
}

export interface VariantSummary {
  name: string;
  inferenceMedianMs: number;
  /** Median over rounds of the first image's inference; null when no round had a warm-up image. */
  firstInferenceMedianMs: number | null;
  totalMedianMs: number;
  images: number;
  /** Exact graph's inference median / this one's (1 for the exact graph). */
  speedup: number;
  cpuMedianMs: number;
  /** Exact graph's CPU median / this one's. */
  cpuSpeedup: number;
  peakBytes: number;
  peakRendererBytes: number;
  /** The highest round's split of its peak by process type (bytes). */
  peakByType: Record<string, number>;
  memoryMet: boolean;
}

export function summarizeVariants(runs: VariantRuns[], exactName = 'exact'): VariantSummary[] {
  const exact = runs.find((r) => r.name === exactName);
  if (!exact || exact.inference.length === 0) throw new Error(`summarizeVariants: no measured images of the "${exactName}" graph, expected it among ${runs.map((r) => r.name).join(', ')}`);
  const base = median(exact.inference);
  const baseCpu = median(exact.cpu);
  return runs.map((r) => {
    const peak = Math.max(...r.peakPss);
    const at = r.peakPss.indexOf(peak);
    return {
      name: r.name,
      inferenceMedianMs: median(r.inference),
      firstInferenceMedianMs: r.firstInference?.length ? median(r.firstInference) : null,
      totalMedianMs: median(r.total),
      images: r.inference.length,
      speedup: base / median(r.inference),
      cpuMedianMs: median(r.cpu),
      cpuSpeedup: baseCpu / median(r.cpu),
      peakBytes: peak,
      peakRendererBytes: Math.max(...r.peakRendererRss),
      peakByType: r.peakByType?.[at] ?? {},
      memoryMet: peak <= VARIANT_TARGETS.peakBytes,
    };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/**
 * The report's lines: one per graph, then the variant's agreement and every target. `before`: the
 * build before's exact graph, measured in the same rounds (its row is "before"); every graph of
 * this build is then also set against it.
 */
export function variantLines(summary: VariantSummary[], agree: Map<string, Agreement>, before?: VariantSummary): string[] {
  const out = ['graph      inference  total (chosen -> cloud)  speed-up   CPU per image  speed-up  images  peak memory (all processes / renderer)'];
  // The row "before" has its speed-ups against this build's exact graph, as every row has.
  const [exact] = summary;
  const rows = before
    ? [...summary, { ...before, name: 'before', speedup: exact.inferenceMedianMs / before.inferenceMedianMs, cpuSpeedup: exact.cpuMedianMs / before.cpuMedianMs }]
    : summary;
  for (const s of rows) {
    out.push(
      `${s.name.padEnd(10)} ${s.inferenceMedianMs.toFixed(0).padStart(6)} ms ${s.totalMedianMs.toFixed(0).padStart(12)} ms ${`${s.speedup.toFixed(2)}x`.padStart(14)} ` +
        `${s.cpuMedianMs.toFixed(0).padStart(11)} ms ${`${s.cpuSpeedup.toFixed(2)}x`.padStart(9)} ${String(s.images).padStart(7)}  ${gb(s.peakBytes)} / ${gb(s.peakRendererBytes)}`,
    );
  }
  const T = VARIANT_TARGETS;
  for (const s of summary) {
    const split = Object.entries(s.peakByType).sort((a, b) => b[1] - a[1]).map(([t, b]) => `${t} ${(b / 1e6).toFixed(0)}`).join(', ');
    out.push(`${s.name}: peak memory ${gb(s.peakBytes)} (target <= ${gb(T.peakBytes)}: ${met(s.memoryMet)})${split ? `; MB by process at the peak: ${split}` : ''}`);
    if (s.firstInferenceMedianMs !== null) out.push(`${s.name}: the first image of a round (the session's first run): inference ${s.firstInferenceMedianMs.toFixed(0)} ms, median over rounds`);
    const a = agree.get(s.name);
    if (s.name === 'exact') continue;
    out.push(`${s.name}: inference ${s.speedup.toFixed(2)}x faster than exact, same run (target >= ${T.speedup}x: ${met(s.speedup >= T.speedup)}); CPU time per image ${s.cpuSpeedup.toFixed(2)}x less`);
    if (!a) continue;
    out.push(
      `${s.name}: global top-${a.topN} words over ${a.images} images: ${pct(a.topPositions)} of positions the same (target >= ${pct(T.topPositions)}: ${met(a.topPositions >= T.topPositions)}), ` +
        `${pct(a.topOverlap)} the same words in any order, ${a.identicalLists} identical lists`,
    );
    out.push(`${s.name}: PatchDis labels: ${pct(a.patchLabels)} of ${a.patches} patches the same (target >= ${pct(T.patchLabels)}: ${met(a.patchLabels >= T.patchLabels)})`);
  }
  if (before) {
    const first = before.firstInferenceMedianMs !== null ? `, first image ${before.firstInferenceMedianMs.toFixed(0)} ms` : '';
    out.push(`before: the build before's exact graph, in the same rounds: inference ${before.inferenceMedianMs.toFixed(0)} ms${first}, CPU ${before.cpuMedianMs.toFixed(0)} ms per image, peak memory ${gb(before.peakBytes)}`);
    for (const s of summary) {
      const x = before.inferenceMedianMs / s.inferenceMedianMs;
      out.push(
        `${s.name}: against the build before's exact graph: inference ${x.toFixed(2)}x faster (target >= ${T.speedup}x: ${met(x >= T.speedup)}), ` +
          `CPU time per image ${(before.cpuMedianMs / s.cpuMedianMs).toFixed(2)}x less, peak memory ${gb(s.peakBytes)} against ${gb(before.peakBytes)}`,
      );
    }
  }
  return out;
}
