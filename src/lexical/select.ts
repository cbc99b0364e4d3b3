/**
 * O(n) top-k selection (quickselect) over positions of a score array.
 *
 * Why not sort: a lexical vector has V = 17,149 entries and a gallery thousands of documents,
 * but a word list or a result page needs only the k best. Quickselect partitions around
 * pivots until the k best are in front (expected O(n)), and only those k are then sorted.
 *
 * The order is total: higher score first, then lower tie key (by default the position itself),
 * so results are deterministic and identical across implementations that use the same rule.
 */

/** true when position a ranks before position b. */
function before(scores: ArrayLike<number>, key: ArrayLike<number> | null, a: number, b: number): boolean {
  const sa = scores[a];
  const sb = scores[b];
  return sa > sb || (sa === sb && (key ? key[a] < key[b] : a < b));
}

/**
 * The k best positions among `candidates` (or all positions of `scores`), best first.
 * `tieKey[i]` breaks equal scores (lower wins); it defaults to the position i.
 * NaN scores are not supported (they have no place in a total order).
 */
export function selectTopK(
  scores: ArrayLike<number>,
  k: number,
  candidates?: Uint32Array,
  tieKey?: ArrayLike<number>,
): Uint32Array {
  const pos = candidates ? Uint32Array.from(candidates) : identity(scores.length);
  const key = tieKey ?? null;
  const n = pos.length;
  const kk = Math.max(0, Math.min(Math.floor(k), n));
  if (kk === 0) return new Uint32Array(0);
  if (kk < n) quickselect(scores, key, pos, kk);
  const top = pos.subarray(0, kk);
  // Only the k selected entries are sorted: O(k log k).
  top.sort((a, b) => (before(scores, key, a, b) ? -1 : before(scores, key, b, a) ? 1 : 0));
  return top.slice();
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Rearranges pos so that its first k entries are the k best (in any order). */
function quickselect(scores: ArrayLike<number>, key: ArrayLike<number> | null, pos: Uint32Array, k: number): void {
  let lo = 0;
  let hi = pos.length - 1;
  while (lo < hi) {
    // Median of three as pivot: sorted or reversed input stays O(n).
    const mid = (lo + hi) >>> 1;
    if (before(scores, key, pos[mid], pos[lo])) swap(pos, mid, lo);
    if (before(scores, key, pos[hi], pos[lo])) swap(pos, hi, lo);
    if (before(scores, key, pos[hi], pos[mid])) swap(pos, hi, mid);
    const pivot = pos[mid];
    let i = lo;
    let j = hi;
    // Hoare partition; the order is strict, so no two positions compare equal except a pivot with itself.
    while (i <= j) {
      while (before(scores, key, pos[i], pivot)) i++;
      while (before(scores, key, pivot, pos[j])) j--;
      if (i <= j) {
        swap(pos, i, j);
        i++;
        j--;
      }
    }
    // Now pos[lo..j] rank before or at the pivot, pos[i..hi] at or after it.
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

function swap(a: Uint32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
