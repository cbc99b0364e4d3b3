/**
 * Sparse lexical vectors: ELU1p, L2 normalisation, sparsification, dot products.
 * docs/method.md "Vision side" steps 3-5. Pure: shared by the worker, the CLI and tests.
 */
import { selectTopK } from './select';

/** Non-zero entries of a vector over the vocabulary, strongest first (ties: lower index first). */
export interface SparseVector {
  indices: Uint32Array; // uint32 [nnz] vocabulary indices
  values: Float32Array; // float32 [nnz]
}

/** The bundle's sparsification rule (manifest `sparsify`). */
export interface SparsifyRule {
  /** Keep entries strictly above this value. */
  threshold: number;
  /** Then keep at most this many of them; null = no cap. */
  topK: number | null;
}

/** The paper's default threshold 1/sqrt(V): every entry of a uniform unit vector sits exactly on it. */
export function defaultThreshold(vocabSize: number): number {
  return 1 / Math.sqrt(vocabSize);
}

/** ELU(x) + 1, in place: x + 1 for x > 0, exp(x) otherwise; always > 0. Returns x. */
export function elu1p(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v > 0 ? v + 1 : Math.exp(v);
  }
  return x;
}

/** L2-normalises v in place (norm accumulated in float64); a zero vector stays zero. Returns v. */
export function l2normalize(v: Float32Array): Float32Array {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i];
  if (ss === 0) return v;
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

/**
 * Keeps the entries with v[j] > threshold, then at most topK of the strongest of them.
 * O(V) scan plus O(V) selection; only the kept entries are sorted.
 * `v` is expected to be L2-normalised already (the threshold is defined on the unit vector).
 */
export function sparsify(v: Float32Array, rule: SparsifyRule): SparseVector {
  let count = 0;
  for (let j = 0; j < v.length; j++) if (v[j] > rule.threshold) count++;
  const kept = new Uint32Array(count);
  for (let j = 0, n = 0; j < v.length; j++) if (v[j] > rule.threshold) kept[n++] = j;
  const k = rule.topK === null ? count : Math.min(count, rule.topK);
  return gather(v, selectTopK(v, k, kept));
}

/** The n strongest entries of v regardless of any threshold (fewer when v is shorter). */
export function topN(v: Float32Array, n: number): SparseVector {
  return gather(v, selectTopK(v, n));
}

function gather(v: Float32Array, order: Uint32Array): SparseVector {
  const values = new Float32Array(order.length);
  for (let i = 0; i < order.length; i++) values[i] = v[order[i]];
  return { indices: order, values };
}

/** <s, d> with d dense over the same vocabulary. */
export function dotSparseDense(s: SparseVector, d: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < s.indices.length; i++) sum += s.values[i] * d[s.indices[i]];
  return sum;
}

/**
 * <a, b> for two sparse vectors. Their indices are ordered by value, not by index, so a merge
 * is impossible; the smaller one goes into a hash map and the larger one probes it.
 */
export function dotSparse(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.indices.length <= b.indices.length ? [a, b] : [b, a];
  const map = new Map<number, number>();
  for (let i = 0; i < small.indices.length; i++) map.set(small.indices[i], small.values[i]);
  let sum = 0;
  for (let i = 0; i < large.indices.length; i++) {
    const w = map.get(large.indices[i]);
    if (w !== undefined) sum += w * large.values[i];
  }
  return sum;
}

/** Dense float32 [size] copy of a sparse vector. */
export function toDense(s: SparseVector, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < s.indices.length; i++) out[s.indices[i]] = s.values[i];
  return out;
}

/**
 * Applies a rule to a vector that is already sparse and ordered strongest first (the output of
 * `sparsify` under a looser rule): keep entries above the threshold, then the first topK.
 * Equal to `sparsify(dense, rule)` whenever `v = sparsify(dense, looser)` with
 * looser.threshold <= rule.threshold and looser.topK >= rule.topK (both use the same total
 * order), which is what lets the sparsity sweep encode once and re-sparsify per setting.
 */
export function resparsify(v: SparseVector, rule: SparsifyRule): SparseVector {
  let n = 0;
  const cap = rule.topK ?? Infinity;
  while (n < v.values.length && n < cap && v.values[n] > rule.threshold) n++;
  // Ordered strongest first, so the kept entries are a prefix; a later one above the threshold cannot exist.
  return { indices: v.indices.slice(0, n), values: v.values.slice(0, n) };
}

/** The loosest of several rules: the lowest threshold and the largest cap (null if any is uncapped). */
export function loosestRule(rules: readonly SparsifyRule[]): SparsifyRule {
  if (rules.length === 0) throw new RangeError('loosestRule: no rules, expected at least one');
  const threshold = Math.min(...rules.map((r) => r.threshold));
  const topK = rules.some((r) => r.topK === null) ? null : Math.max(...rules.map((r) => r.topK as number));
  return { threshold, topK };
}
