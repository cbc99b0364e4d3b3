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

/**
 * selectTopK's result (same order, same tie rule) in one pass over all positions of `scores`,
 * keeping the k best seen so far in a heap whose root is the worst of them.
 *
 * Why a second selection: a gallery search asks for a page of k hits among n = 100,000 scores.
 * Quickselect copies n positions and moves them around; this reads each score once, compares it
 * with the root, and allocates O(k): O(n + m log k) where m is how many scores beat the root.
 */
export function selectTopKHeap(scores: ArrayLike<number>, k: number, tieKey?: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const kk = Math.max(0, Math.min(Math.floor(k), n));
  if (kk === 0) return new Uint32Array(0);
  const key = tieKey ?? null;
  const heap = new Uint32Array(kk); // the kk best positions so far; heap[0] ranks last among them
  for (let i = 0; i < kk; i++) {
    heap[i] = i;
    siftUp(scores, key, heap, i);
  }
  let rootScore = scores[heap[0]];
  for (let i = kk; i < n; i++) {
    const s = scores[i];
    // Most positions lose to the root on score alone; ties go to the lower key (by default the
    // lower position, which a later position never is).
    if (s < rootScore || (s === rootScore && (key === null || key[i] >= key[heap[0]]))) continue;
    heap[0] = i;
    siftDown(scores, key, heap, 0);
    rootScore = scores[heap[0]];
  }
  return heap.sort((a, b) => (before(scores, key, a, b) ? -1 : before(scores, key, b, a) ? 1 : 0));
}

/** Restores the heap (each parent ranks after its children) upwards from position i. */
function siftUp(scores: ArrayLike<number>, key: ArrayLike<number> | null, heap: Uint32Array, i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(scores, key, heap[parent], heap[i])) return;
    swap(heap, parent, i);
    i = parent;
  }
}

/** Restores the heap downwards from position i. */
function siftDown(scores: ArrayLike<number>, key: ArrayLike<number> | null, heap: Uint32Array, i: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    // The child that ranks last must become the parent.
    const c = l + 1 < n && before(scores, key, heap[l], heap[l + 1]) ? l + 1 : l;
    if (!before(scores, key, heap[i], heap[c])) return;
    swap(heap, i, c);
    i = c;
  }
}
