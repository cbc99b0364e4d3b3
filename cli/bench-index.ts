/**
 * `lexvla bench-index`: the gallery's text search (src/retrieval/inverted-index.ts) against the
 * index it replaced (cli/previous-inverted-index.ts) and brute force, in the same run, on
 * synthetic vectors (src/retrieval/synthetic.ts) at two sparsities: lexvla-tiny's images and the
 * paper's. Per size: build time, memory per image (heap + array-buffer growth after a forced
 * GC), query latency (median and p95 over the same text queries, after warm-up queries that are
 * not counted; the three take turns on each query so that load on the machine hits all alike),
 * and the index's p95 of CPU time per query, which a busy machine's waits do not stretch.
 * Brute force is the fair kind: one pass over every document's entries with the query's words in
 * a dense table, no index to build. The last lines hold the largest size against the targets.
 * Exits 1, naming the first query, when the index's hits (ids, scores and their order) differ
 * from brute force's or the previous index's: timings of an index that answers wrongly mean nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SparseVector } from '../src/lexical/sparse';
import { selectTopKHeap } from '../src/lexical/select';
import { InvertedIndex, type Hit } from '../src/retrieval/inverted-index';
import { PAPER_SPARSITY, QUERY_SPARSITY, TINY_SPARSITY, syntheticVectors, type SyntheticSpec } from '../src/retrieval/synthetic';
import { parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { PreviousInvertedIndex } from './previous-inverted-index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The product owner's targets for a text query over the largest gallery. */
const TARGETS = { p95Ms: 10, speedup: 20 };
const SPARSITIES: Record<string, { spec: SyntheticSpec; label: string }> = {
  tiny: { spec: TINY_SPARSITY, label: "lexvla-tiny's images" },
  paper: { spec: PAPER_SPARSITY, label: "the paper's images" },
};
const WARMUP = 20;

const now = () => performance.now();
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
async function heap(): Promise<number> {
  gc();
  // V8 frees array buffers on a background thread after a GC: give it time, or the last
  // gallery's index still counts.
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Exact top-k by scoring every document: O(total entries) per query. The score is the one
 * bruteForceSearch (src/retrieval/inverted-index.ts) defines: a document's products summed in
 * float32 in q's order; ties go to the lower document number. `position` is int32 [V], all 0.
 */
export function bruteForce(docs: readonly SparseVector[], q: SparseVector, k: number, position: Int32Array): Hit[] {
  const m = q.indices.length;
  for (let i = 0; i < m; i++) {
    if (position[q.indices[i]] !== 0) throw new RangeError(`bruteForce: query word ${q.indices[i]} appears twice, expected each word once`);
    position[q.indices[i]] = i + 1;
  }
  const product = new Float64Array(m); // float64 [m]: this document's product per query word
  const matched = new Uint8Array(m);
  const scores = new Float32Array(docs.length); // float32 [documents]
  for (let d = 0; d < docs.length; d++) {
    const { indices, values } = docs[d];
    let any = false;
    for (let i = 0; i < indices.length; i++) {
      const p = position[indices[i]] - 1;
      if (p < 0) continue;
      product[p] = q.values[p] * values[i];
      matched[p] = 1;
      any = true;
    }
    if (!any) continue;
    let s = 0;
    for (let p = 0; p < m; p++) {
      if (matched[p]) s = Math.fround(s + product[p]);
      matched[p] = 0;
    }
    scores[d] = s;
  }
  for (let i = 0; i < m; i++) position[q.indices[i]] = 0;
  return Array.from(selectTopKHeap(scores, k), (d) => ({ id: d, score: scores[d] }));
}

/** What the benchmark needs of an index; tests pass a broken one to see the command fail. */
interface SearchIndex {
  add(id: number, v: SparseVector): void;
  search(q: SparseVector, k: number): Hit[];
  compact?(): void;
}

interface Timing {
  medianMs: number;
  p95Ms: number;
  queries: number;
}
/** Wall-clock timings, and the p95 of the process's CPU time per query (what the machine's other load cannot stretch). */
interface QueryTiming extends Timing {
  cpuP95Ms: number;
}
interface Built extends QueryTiming {
  buildMs: number;
  bytesPerImage: number;
}
interface Disagreement {
  query: number;
  other: 'brute force' | 'the previous index';
  index: Hit[];
  expected: Hit[];
}
interface BenchRow {
  sparsity: string;
  vectors: number;
  meanActive: number;
  index: Built;
  previous: Built;
  brute: Timing;
  /** Brute force's median over the index's, and the previous index's median over the index's. */
  speedup: { brute: number; previous: number };
  /** Same hits, in the same order with the same scores, from all three on every query compared. */
  agree: boolean;
  disagreement: Disagreement | null;
}

async function build(make: () => SearchIndex, docs: readonly SparseVector[]): Promise<{ index: SearchIndex; buildMs: number; bytesPerImage: number }> {
  const before = await heap();
  const t0 = now();
  const index = make();
  docs.forEach((v, i) => index.add(i, v));
  index.compact?.();
  const buildMs = now() - t0;
  return { index, buildMs, bytesPerImage: ((await heap()) - before) / docs.length };
}

const timing = (ms: number[]): Timing => ({ medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95), queries: ms.length });
/** Runs f, returning its result, wall ms and CPU ms (user + system, all threads: getrusage's total is exact, not ticks). */
function timed<T>(f: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = now();
  const result = f();
  const wallMs = now() - t;
  const c = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (c.user + c.system) / 1000 };
}
const same = (a: Hit[], b: Hit[]) => a.length === b.length && a.every((h, i) => h.id === b[i].id && Object.is(h.score, b[i].score));

async function benchSize(
  sparsity: string,
  docs: readonly SparseVector[],
  qs: readonly SparseVector[],
  bruteQueries: number,
  k: number,
  vocab: number,
  makeIndex: () => SearchIndex,
): Promise<BenchRow> {
  const current = await build(makeIndex, docs);
  const previous = await build(() => new PreviousInvertedIndex(), docs);
  const position = new Int32Array(vocab);
  const ms = { index: [] as number[], indexCpu: [] as number[], previous: [] as number[], previousCpu: [] as number[], brute: [] as number[] };
  let disagreement: Disagreement | null = null;
  for (const [i, q] of qs.entries()) {
    const hits = timed(() => current.index.search(q, k));
    const prev = timed(() => previous.index.search(q, k));
    if (i < WARMUP) continue;
    ms.index.push(hits.wallMs);
    ms.indexCpu.push(hits.cpuMs);
    ms.previous.push(prev.wallMs);
    ms.previousCpu.push(prev.cpuMs);
    const query = i - WARMUP;
    if (query < bruteQueries) {
      const bf = timed(() => bruteForce(docs, q, k, position));
      ms.brute.push(bf.wallMs);
      if (!disagreement && !same(hits.result, bf.result)) disagreement = { query, other: 'brute force', index: hits.result, expected: bf.result };
    }
    if (!disagreement && !same(hits.result, prev.result)) disagreement = { query, other: 'the previous index', index: hits.result, expected: prev.result };
  }
  const row = { index: timing(ms.index), previous: timing(ms.previous), brute: timing(ms.brute) };
  return {
    sparsity,
    vectors: docs.length,
    meanActive: docs.reduce((s, v) => s + v.indices.length, 0) / docs.length,
    index: { ...row.index, cpuP95Ms: quantile(ms.indexCpu, 0.95), buildMs: current.buildMs, bytesPerImage: current.bytesPerImage },
    previous: { ...row.previous, cpuP95Ms: quantile(ms.previousCpu, 0.95), buildMs: previous.buildMs, bytesPerImage: previous.bytesPerImage },
    brute: row.brute,
    speedup: { brute: row.brute.medianMs / row.index.medianMs, previous: row.previous.medianMs / row.index.medianMs },
    agree: disagreement === null,
    disagreement,
  };
}

/** The first disagreement, in words; null when every compared query agreed. */
function disagreementMessage(rows: BenchRow[], k: number): string | null {
  const r = rows.find((row) => row.disagreement);
  if (!r?.disagreement) return null;
  const { query, other, index, expected } = r.disagreement;
  const ids = (hits: Hit[]) => `[${hits.map((h) => h.id).join(', ')}]`;
  const rank = index.findIndex((h, i) => !Object.is(h.score, expected[i]?.score));
  const scores = ids(index) === ids(expected) ? `; at rank ${rank + 1} the index scores ${index[rank].score} and ${other} ${expected[rank].score}` : '';
  return (
    `bench-index: the index and ${other} disagree at ${r.vectors} vectors (${r.sparsity}): query #${query} got top-${k} ids ` +
    `${ids(index)} from the index and ${ids(expected)} from ${other}${scores}: the index answers wrongly`
  );
}

/** One line per sparsity: its largest size's figures against the targets. */
function targetLines(rows: BenchRow[]): string[] {
  const largest = new Map<string, BenchRow>();
  for (const r of rows) if ((largest.get(r.sparsity)?.vectors ?? 0) < r.vectors) largest.set(r.sparsity, r);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [...largest.values()].map(
    (r) =>
      `  ${r.sparsity} at ${r.vectors} images: p95 ${f(r.index.p95Ms)} ms (target <= ${TARGETS.p95Ms} ms: ${met(r.index.p95Ms <= TARGETS.p95Ms)}; ` +
      `CPU time p95 ${f(r.index.cpuP95Ms)} ms: ${met(r.index.cpuP95Ms <= TARGETS.p95Ms)}), ` +
      `${f(r.speedup.brute, 1)}x faster than brute force by median (target >= ${TARGETS.speedup}x: ${met(r.speedup.brute >= TARGETS.speedup)}), ` +
      `exact top-K: ${met(r.agree)}`,
  );
}

/** Right-aligned columns under their headers, separated by two spaces. */
function columns(header: string[], body: string[][]): string[] {
  const width = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  return [header, ...body].map((row) => row.map((cell, c) => cell.padStart(width[c])).join('  '));
}

function rowCells(r: BenchRow): string[] {
  const pair = (a: number, b: number, d = 2) => `${f(a, d)} / ${f(b, d)}`;
  return [
    String(r.vectors),
    f(r.meanActive, 0),
    pair(r.index.buildMs, r.previous.buildMs, 0),
    pair(r.index.bytesPerImage, r.previous.bytesPerImage, 0),
    pair(r.index.medianMs, r.index.p95Ms),
    f(r.index.cpuP95Ms),
    pair(r.previous.medianMs, r.previous.p95Ms),
    pair(r.brute.medianMs, r.brute.p95Ms),
    `${f(r.speedup.brute, 1)}x / ${f(r.speedup.previous, 1)}x`,
    r.agree ? 'yes' : 'NO',
  ];
}
const HEADER = ['images', 'active', 'build ms index / prev', 'bytes/image index / prev', 'index p50 / p95 ms', 'cpu p95', 'prev p50 / p95', 'brute p50 / p95', 'speed-up vs brute / prev', 'exact'];

function parseSparsities(flags: Record<string, string | number | boolean>): Array<{ name: string; spec: SyntheticSpec; label: string }> {
  const vocab = (flags.vocab as number | undefined) ?? TINY_SPARSITY.vocab;
  const seed = (flags.seed as number | undefined) ?? TINY_SPARSITY.seed;
  if (flags['min-active'] !== undefined || flags['max-active'] !== undefined) {
    const minActive = (flags['min-active'] as number | undefined) ?? TINY_SPARSITY.minActive;
    const maxActive = (flags['max-active'] as number | undefined) ?? Math.max(minActive, TINY_SPARSITY.maxActive);
    return [{ name: 'custom', spec: { ...TINY_SPARSITY, vocab, seed, minActive, maxActive }, label: '--min-active/--max-active' }];
  }
  const names = String(flags.sparsity ?? 'tiny,paper').split(',');
  return names.map((name) => {
    const s = SPARSITIES[name];
    if (!s) throw new UsageError(`--sparsity names "${name}", expected a comma-separated list of ${Object.keys(SPARSITIES).join(', ')}`);
    return { name, spec: { ...s.spec, vocab, seed }, label: s.label };
  });
}

const f = (x: number, d = 2) => x.toFixed(d);

export async function benchIndexCommand(argv: string[], io: Io, makeIndex: () => SearchIndex = () => new InvertedIndex()): Promise<number> {
  const p = parseArgs(argv, {
    sizes: 'string',
    sparsity: 'string',
    vocab: 'number',
    'min-active': 'number',
    'max-active': 'number',
    queries: 'number',
    'brute-queries': 'number',
    k: 'number',
    seed: 'number',
    json: 'boolean',
  });
  if (p.positional.length > 0) throw new UsageError(`bench-index takes no arguments, found ${p.positional.join(' ')}`);
  const sizes = String(p.flags.sizes ?? '1000,10000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--sizes is "${p.flags.sizes}", expected comma-separated positive integers`);
  const sparsities = parseSparsities(p.flags);
  const queries = (p.flags.queries as number | undefined) ?? 50;
  const bruteQueries = Math.min((p.flags['brute-queries'] as number | undefined) ?? 10, queries);
  const k = (p.flags.k as number | undefined) ?? 10;
  const rows: BenchRow[] = [];
  for (const { name, spec } of sparsities) {
    // One draw at the largest size: the smaller galleries are its prefixes (the generator is sequential).
    const all = syntheticVectors(Math.max(...sizes), spec);
    const qs = syntheticVectors(WARMUP + queries, { ...QUERY_SPARSITY, vocab: spec.vocab, seed: spec.seed }, 1_000_003);
    for (const n of sizes) rows.push(await benchSize(name, all.slice(0, n), qs, bruteQueries, k, spec.vocab, makeIndex));
  }
  // Timings of an index that answers wrongly mean nothing: say which query, and fail, in both forms.
  const disagreement = disagreementMessage(rows, k);
  if (p.flags.json) {
    io.out(JSON.stringify({ sparsities, query: { ...QUERY_SPARSITY, warmup: WARMUP }, k, targets: TARGETS, rows }, null, 2));
    if (disagreement) io.err(disagreement);
    return disagreement ? 1 : 0;
  }
  io.out(`gallery search, exact top-${k}: the index against the previous index and brute force, in the same run`);
  io.out(
    `synthetic vectors, V = ${sparsities[0].spec.vocab}, Zipf ${sparsities[0].spec.skew} word use, seed ${sparsities[0].spec.seed}; ` +
      `queries of ${QUERY_SPARSITY.minActive}-${QUERY_SPARSITY.maxActive} words: ${queries} timed after ${WARMUP} warm-up, brute force on the first ${bruteQueries}`,
  );
  for (const { name, spec, label } of sparsities) {
    io.out('');
    io.out(`${name}: ${label}, ${spec.minActive}-${spec.maxActive} active words per image`);
    for (const line of columns(HEADER, rows.filter((r) => r.sparsity === name).map(rowCells))) io.out(line);
  }
  io.out('');
  io.out(`targets (a text query over the largest gallery: p95 <= ${TARGETS.p95Ms} ms, >= ${TARGETS.speedup}x faster than brute force, the same hits):`);
  for (const line of targetLines(rows)) io.out(line);
  if (disagreement) io.err(disagreement);
  return disagreement ? 1 : 0;
}
