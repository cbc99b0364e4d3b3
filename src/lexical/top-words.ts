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
  const least = leastSurvivor(rule.threshold, scale);
  if (least === null) return topEntriesExact(raw, offset, n, scale, rule, m);
  // A min-heap of the m best so far, worst at the root: lower value, then higher index. `hr`
  // keeps each entry's raw score.
  const hv = new Float64Array(m);
  const hi = new Int32Array(m);
  const hr = new Float64Array(m);
  let size = 0;
  let count = 0;
  let j = offset;
  const end = offset + n;
  for (; j < end && size < m; j++) {
    const v = raw[j];
    if (!(v >= least)) continue;
    count++;
    siftUp(hv, hi, hr, size++, Math.fround(v * scale), j - offset, v);
  }
  // The rest compares raw scores only. An entry that survives adds 1 (as a number, not a branch:
  // about half of a random-weight model's entries survive, and a branch on them mispredicts). An
  // entry at most the root's raw score is not better than the root (its value rounds to at most
  // the root's, and its index is higher), which is nearly every entry once the heap is full.
  let rootRaw = m > 0 ? hr[0] : Infinity;
  for (; j < end; j++) {
    const v = raw[j];
    count += +(v >= least);
    if (v > rootRaw) {
      const x = Math.fround(v * scale);
      if (x > hv[0]) {
        // Equal to the root is not better: j is the higher index.
        siftDown(hv, hi, hr, size, x, j - offset, v);
        rootRaw = hr[0];
      }
    }
  }
  return ordered(hv, hi, size, rule, count);
}

/**
 * The least float32 v with fround(v * scale) > threshold, or null when it is not within a few
 * steps of threshold / scale (a scale or threshold far outside what a model gives). fround(v *
 * scale) grows with v, so for a float32 score v, `v >= least` is exactly `fround(v * scale) >
 * threshold`.
 */
function leastSurvivor(threshold: number, scale: number): number | null {
  if (!(scale > 0 && Number.isFinite(scale) && Number.isFinite(threshold))) return null;
  const survives = (v: number) => Math.fround(v * scale) > threshold;
  // Below 2^-150 every product rounds to 0: a threshold of 0 starts there.
  let v = Math.fround(Math.max(threshold, 2 ** -150) / scale);
  for (let i = 0; i < 16; i++) {
    if (!Number.isFinite(v)) return null;
    if (survives(v)) {
      const below = nextFloat32(v, -1);
      if (!survives(below)) return v;
      v = below;
    } else {
      v = nextFloat32(v, 1);
      if (survives(v)) return v;
    }
  }
  return null;
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);

/** The float32 next to float32 `v` towards +Infinity (dir 1) or -Infinity (dir -1). */
function nextFloat32(v: number, dir: 1 | -1): number {
  if (v === 0) return dir * 1.401298464324817e-45; // the least subnormal, either side of ±0
  F32[0] = v;
  F32_BITS[0] += v > 0 === (dir === 1) ? 1 : -1;
  return F32[0];
}

/** topEntries comparing each rounded value: for any scale and threshold. */
function topEntriesExact(raw: Float32Array, offset: number, n: number, scale: number, rule: SparsifyRule, m: number): TopEntries {
  const t = rule.threshold;
  const hv = new Float64Array(m);
  const hi = new Int32Array(m);
  const hr = new Float64Array(m);
  let size = 0;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const x = Math.fround(raw[offset + j] * scale);
    if (!(x > t)) continue;
    count++;
    if (size < m) {
      siftUp(hv, hi, hr, size++, x, j, raw[offset + j]);
    } else if (m > 0 && x > hv[0]) {
      siftDown(hv, hi, hr, size, x, j, raw[offset + j]);
    }
  }
  return ordered(hv, hi, size, rule, count);
}

/** The heap's entries, strongest first (ties: lower index first), and the survivors' count under the rule. */
function ordered(hv: Float64Array, hi: Int32Array, size: number, rule: SparsifyRule, count: number): TopEntries {
  const order = Array.from({ length: size }, (_, k) => k).sort((a, b) => hv[b] - hv[a] || hi[a] - hi[b]);
  return {
    indices: order.map((k) => hi[k]),
    values: order.map((k) => hv[k]),
    active: rule.topK === null ? count : Math.min(count, rule.topK),
  };
}

/** true when entry (va, ia) is worse than (vb, ib): nearer the root. */
const worse = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);

function siftUp(hv: Float64Array, hi: Int32Array, hr: Float64Array, at: number, x: number, j: number, v: number): void {
  let c = at;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if (!worse(x, j, hv[p], hi[p])) break;
    hv[c] = hv[p];
    hi[c] = hi[p];
    hr[c] = hr[p];
    c = p;
  }
  hv[c] = x;
  hi[c] = j;
  hr[c] = v;
}

/** Replaces the root with (x, j), raw score v, and restores the heap. */
function siftDown(hv: Float64Array, hi: Int32Array, hr: Float64Array, size: number, x: number, j: number, v: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    const r = l + 1;
    const w = r < size && worse(hv[r], hi[r], hv[l], hi[l]) ? r : l;
    if (!worse(hv[w], hi[w], x, j)) break;
    hv[c] = hv[w];
    hi[c] = hi[w];
    hr[c] = hr[w];
    c = w;
  }
  hv[c] = x;
  hi[c] = j;
  hr[c] = v;
}

/** PatchScores.pooled's L2 scale of raw[offset, offset + n): 1 / norm (float64 sum in index order), or 1 for a zero vector. */
export function l2Scale(raw: Float32Array, offset: number, n: number): number {
  let ss = 0;
  for (let j = offset; j < offset + n; j++) ss += raw[j] * raw[j];
  return scaleOfSquares(ss);
}

/** The L2 scale of a vector whose sum of squares is `ss`: 1 / sqrt(ss), or 1 for a zero vector. */
export function scaleOfSquares(ss: number): number {
  return ss > 0 ? 1 / Math.sqrt(ss) : 1;
}
