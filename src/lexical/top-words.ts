/**
 * The first entries of sparsify(v, rule) in one pass over v, with a heap of the n best: the
 * list a word view shows, without collecting and ordering every survivor. A model of the paper's
 * size with random weights keeps ~9,000 of V = 19,545 entries per patch, and ordering them was
 * most of a list's cost. The vector may be given unnormalised with its scale: v_j is then
 * fround(raw_j * scale), exactly what normalising it in a Float32Array stores, so the list is
 * that of the normalised vector without writing it. Pure.
 */
import type { SparsifyRule } from './sparse';

export interface TopEntries {
  /** Vocabulary indices, strongest first (ties: lower index first, as sparsify orders them). */
  indices: number[];
  values: number[];
  /** Entries that survive the rule: above the threshold, at most topK of them. */
  active: number;
}

/**
 * The first `topN` entries of sparsify(v, rule) and its length, where v_j = fround(raw[offset + j] * scale)
 * for j < n (scale 1: raw itself, any float32 being its own fround).
 */
export function topEntries(raw: Float32Array, offset: number, n: number, scale: number, rule: SparsifyRule, topN: number): TopEntries {
  const m = Math.max(0, Math.min(Math.floor(topN), rule.topK ?? Infinity));
  const t = rule.threshold;
  // A min-heap of the m best so far, worst at the root: lower value, then higher index.
  const hv = new Float64Array(m);
  const hi = new Int32Array(m);
  let size = 0;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const x = Math.fround(raw[offset + j] * scale);
    if (!(x > t)) continue;
    count++;
    if (size < m) {
      siftUp(hv, hi, size++, x, j);
    } else if (m > 0 && x > hv[0]) {
      // Equal to the root is not better: j is the higher index.
      siftDown(hv, hi, size, x, j);
    }
  }
  const order = Array.from({ length: size }, (_, k) => k).sort((a, b) => hv[b] - hv[a] || hi[a] - hi[b]);
  return {
    indices: order.map((k) => hi[k]),
    values: order.map((k) => hv[k]),
    active: rule.topK === null ? count : Math.min(count, rule.topK),
  };
}

/** true when entry (va, ia) is worse than (vb, ib): nearer the root. */
const worse = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);

function siftUp(hv: Float64Array, hi: Int32Array, at: number, x: number, j: number): void {
  let c = at;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if (!worse(x, j, hv[p], hi[p])) break;
    hv[c] = hv[p];
    hi[c] = hi[p];
    c = p;
  }
  hv[c] = x;
  hi[c] = j;
}

/** Replaces the root with (x, j) and restores the heap. */
function siftDown(hv: Float64Array, hi: Int32Array, size: number, x: number, j: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    const r = l + 1;
    const w = r < size && worse(hv[r], hi[r], hv[l], hi[l]) ? r : l;
    if (!worse(hv[w], hi[w], x, j)) break;
    hv[c] = hv[w];
    hi[c] = hi[w];
    c = w;
  }
  hv[c] = x;
  hi[c] = j;
}

/** PatchScores.pooled's L2 scale of raw[offset, offset + n): 1 / norm (float64 sum in index order), or 1 for a zero vector. */
export function l2Scale(raw: Float32Array, offset: number, n: number): number {
  let ss = 0;
  for (let j = offset; j < offset + n; j++) ss += raw[j] * raw[j];
  return ss > 0 ? 1 / Math.sqrt(ss) : 1;
}
