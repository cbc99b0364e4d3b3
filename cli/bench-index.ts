/**
 * `lexvla bench-index`: the in-browser inverted index against brute force on synthetic vectors
 * with the model's sparsity (src/retrieval/synthetic.ts): build time, query latency (median and
 * p95 over the same queries) and memory (heap + array-buffer delta after a forced GC).
 * Brute force is the fair kind: the query scattered into a dense float32 [V] array, then one
 * pass over every document's entries — O(total nnz) per query, no index to build.
 * Exits 1, naming the first query, when the index and brute force return different top-k ids:
 * timings of an index that answers wrongly mean nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SparseVector } from '../src/lexical/sparse';
import { selectTopK } from '../src/lexical/select';
import { InvertedIndex, type Hit } from '../src/retrieval/inverted-index';
import { packSparse, packedBytes } from '../src/retrieval/packed';
import { MODEL_SPARSITY, syntheticVectors, type SyntheticSpec } from '../src/retrieval/synthetic';
import { parseArgs, UsageError } from './args';
import type { Io } from './commands';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const now = () => performance.now();
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
function heap(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Exact top-k by scoring every document against the query scattered densely. */
function bruteForce(docs: SparseVector[], dense: Float32Array, q: SparseVector, k: number): Uint32Array {
  for (let i = 0; i < q.indices.length; i++) dense[q.indices[i]] = q.values[i];
  const scores = new Float32Array(docs.length); // float32 [documents]
  for (let d = 0; d < docs.length; d++) {
    const { indices, values } = docs[d];
    let s = 0;
    for (let i = 0; i < indices.length; i++) s += values[i] * dense[indices[i]];
    scores[d] = s;
  }
  for (let i = 0; i < q.indices.length; i++) dense[q.indices[i]] = 0;
  return selectTopK(scores, k);
}

interface BenchRow {
  vectors: number;
  meanActive: number;
  buildMs: number;
  indexBytes: number;
  vectorBytes: number;
  index: { medianMs: number; p95Ms: number; queries: number };
  brute: { medianMs: number; p95Ms: number; queries: number };
  /** Same top-k ids from both on every query both ran. */
  agree: boolean;
  /** The first query whose top-k ids differ (its position among the queries), or null. */
  disagreement: { query: number; index: number[]; brute: number[] } | null;
}

/** What the benchmark needs of an index; tests pass a broken one to see the command fail. */
interface SearchIndex {
  add(id: number, v: SparseVector): void;
  search(q: SparseVector, k: number): Hit[];
}

function benchSize(
  n: number,
  spec: SyntheticSpec,
  queries: number,
  bruteQueries: number,
  k: number,
  makeIndex: () => SearchIndex = () => new InvertedIndex(),
): BenchRow {
  const docs = syntheticVectors(n, spec);
  const qs = syntheticVectors(queries, spec, 1_000_003);
  const before = heap();
  const t0 = now();
  const index = makeIndex();
  docs.forEach((v, i) => index.add(i, v));
  const buildMs = now() - t0;
  const indexBytes = heap() - before;
  const idxMs: number[] = [];
  const idxTop: number[][] = [];
  for (const q of qs) {
    const t = now();
    idxTop.push(index.search(q, k).map((h) => h.id));
    idxMs.push(now() - t);
  }
  const dense = new Float32Array(spec.vocab);
  const bfMs: number[] = [];
  let disagreement: BenchRow['disagreement'] = null;
  for (const [i, q] of qs.slice(0, bruteQueries).entries()) {
    const t = now();
    const top = bruteForce(docs, dense, q, k);
    bfMs.push(now() - t);
    // Float sums in another order may swap near-equal scores; compare as sets of ids.
    if (!disagreement && [...top].sort().join() !== [...idxTop[i]].sort().join()) disagreement = { query: i, index: idxTop[i], brute: [...top] };
  }
  return {
    vectors: n,
    meanActive: docs.reduce((s, v) => s + v.indices.length, 0) / n,
    buildMs,
    indexBytes,
    vectorBytes: packedBytes(packSparse(docs)),
    index: { medianMs: quantile(idxMs, 0.5), p95Ms: quantile(idxMs, 0.95), queries: idxMs.length },
    brute: { medianMs: quantile(bfMs, 0.5), p95Ms: quantile(bfMs, 0.95), queries: bfMs.length },
    agree: disagreement === null,
    disagreement,
  };
}

const f = (x: number, d = 2) => x.toFixed(d).padStart(9);
const mb = (b: number) => (b / 1e6).toFixed(1).padStart(8);

/** The first size at which index and brute force disagree, in words; null when they agree everywhere. */
function disagreementMessage(rows: BenchRow[], k: number): string | null {
  const r = rows.find((row) => row.disagreement);
  if (!r?.disagreement) return null;
  const { query, index, brute } = r.disagreement;
  return (
    `bench-index: the index and brute force disagree at ${r.vectors} vectors: query #${query} ` +
    `got top-${k} ids [${index.join(', ')}] from the index and [${brute.join(', ')}] from brute force: the index answers wrongly, unless two scores tie at rank ${k}`
  );
}

export async function benchIndexCommand(argv: string[], io: Io, makeIndex?: () => SearchIndex): Promise<number> {
  const p = parseArgs(argv, { sizes: 'string', vocab: 'number', 'min-active': 'number', 'max-active': 'number', queries: 'number', 'brute-queries': 'number', k: 'number', seed: 'number', json: 'boolean' });
  if (p.positional.length > 0) throw new UsageError(`bench-index takes no arguments, found ${p.positional.join(' ')}`);
  const sizes = String(p.flags.sizes ?? '1000,10000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--sizes is "${p.flags.sizes}", expected comma-separated positive integers`);
  const spec: SyntheticSpec = {
    ...MODEL_SPARSITY,
    vocab: (p.flags.vocab as number) ?? MODEL_SPARSITY.vocab,
    minActive: (p.flags['min-active'] as number) ?? MODEL_SPARSITY.minActive,
    maxActive: (p.flags['max-active'] as number) ?? MODEL_SPARSITY.maxActive,
    seed: (p.flags.seed as number) ?? MODEL_SPARSITY.seed,
  };
  const queries = (p.flags.queries as number) ?? 100;
  const bruteQueries = (p.flags['brute-queries'] as number) ?? 20;
  const k = (p.flags.k as number) ?? 10;
  const rows = sizes.map((n) => benchSize(n, spec, queries, Math.min(bruteQueries, queries), k, makeIndex));
  // Timings of an index that answers wrongly mean nothing: say which query, and fail, in both forms.
  const disagreement = disagreementMessage(rows, k);
  if (p.flags.json) {
    io.out(JSON.stringify({ spec, k, rows }, null, 2));
    if (disagreement) io.err(disagreement);
    return disagreement ? 1 : 0;
  }
  io.out(`inverted index vs brute force: V=${spec.vocab}, ${spec.minActive}-${spec.maxActive} active words per vector (Zipf ${spec.skew}), top-${k}, seed ${spec.seed}`);
  io.out('  vectors  active  build ms  index MB vectors MB | index med    p95 | brute med    p95 | speed-up (median)  agree');
  for (const r of rows) {
    io.out(
      `${String(r.vectors).padStart(9)} ${r.meanActive.toFixed(0).padStart(7)} ${f(r.buildMs, 0)} ${mb(r.indexBytes)} ${mb(r.vectorBytes)}  |${f(r.index.medianMs)}${f(r.index.p95Ms, 2).slice(2)} |${f(r.brute.medianMs)}${f(r.brute.p95Ms, 2).slice(2)} | ${(r.brute.medianMs / r.index.medianMs).toFixed(1).padStart(8)}x          ${r.agree ? 'yes' : 'NO'}`,
    );
  }
  io.out(`(index: ${queries} queries; brute force: the first ${Math.min(bruteQueries, queries)} of them)`);
  if (disagreement) io.err(disagreement);
  return disagreement ? 1 : 0;
}
