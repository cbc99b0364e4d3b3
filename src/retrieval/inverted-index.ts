/**
 * Exact top-K retrieval over sparse lexical vectors by dot product, with an inverted index:
 * one posting list per vocabulary word. A query touches only the postings of its own words
 * (term-at-a-time), which is what makes lexical retrieval cheap at high sparsity.
 *
 * Layout: all postings in two flat typed arrays, word after word (CSR), each word's documents
 * in ascending slot order, so a query word's list is one sequential read and its additions
 * land in ascending addresses of one float32 accumulator kept between searches. Selection of
 * the k best is one pass over the accumulator with a k-slot heap (selectTopKHeap).
 * docs/benchmarks.md "Gallery search" has the figures and why no pruning is needed.
 */
import type { SparseVector } from '../lexical/sparse';
import { selectTopKHeap } from '../lexical/select';

export interface Hit {
  id: number;
  score: number;
}

export class InvertedIndex {
  private readonly ids: number[] = []; // slot -> id
  private readonly seen = new Set<number>();
  /** Vectors added since the postings were last laid out (slots laidOut, laidOut + 1, ...). */
  private pending: SparseVector[] = [];
  private laidOut = 0;
  private start = new Uint32Array(1); // uint32 [words + 1]: word w's postings are [start[w], start[w + 1])
  private slots = new Uint32Array(0); // uint32 [entries]: document slots, ascending within a word
  private values = new Float32Array(0); // float32 [entries]
  private scores = new Float32Array(0); // float32 [documents]: the accumulator, all zero between searches

  get size(): number {
    return this.ids.length;
  }

  /** Adds a document; the index reads v when it next lays out its postings, so leave v unchanged. */
  add(id: number, v: SparseVector): void {
    if (this.seen.has(id)) throw new Error(`InvertedIndex.add: id ${id} is already in the index, expected each id once`);
    this.seen.add(id);
    this.ids.push(id);
    this.pending.push(v);
  }

  /**
   * Lays out the postings of the documents added since the last call (search calls it; call it
   * yourself to pay the cost at build time). The new documents have the highest slots, so each
   * word's list stays ascending: its old entries, then the new ones.
   */
  compact(): void {
    if (this.pending.length === 0) return;
    const oldStart = this.start;
    const oldWords = oldStart.length - 1;
    let words = oldWords;
    for (const v of this.pending) for (let i = 0; i < v.indices.length; i++) words = Math.max(words, v.indices[i] + 1);
    const start = new Uint32Array(words + 1);
    for (let w = 0; w < oldWords; w++) start[w + 1] = oldStart[w + 1] - oldStart[w];
    for (const v of this.pending) for (let i = 0; i < v.indices.length; i++) start[v.indices[i] + 1]++;
    for (let w = 0; w < words; w++) start[w + 1] += start[w];
    const slots = new Uint32Array(start[words]);
    const values = new Float32Array(start[words]);
    const next = start.slice(0, words); // uint32 [words]: where each word's next entry goes
    for (let w = 0; w < oldWords; w++) {
      slots.set(this.slots.subarray(oldStart[w], oldStart[w + 1]), next[w]);
      values.set(this.values.subarray(oldStart[w], oldStart[w + 1]), next[w]);
      next[w] += oldStart[w + 1] - oldStart[w];
    }
    this.pending.forEach((v, p) => {
      for (let i = 0; i < v.indices.length; i++) {
        const e = next[v.indices[i]]++;
        slots[e] = this.laidOut + p;
        values[e] = v.values[i];
      }
    });
    this.start = start;
    this.slots = slots;
    this.values = values;
    this.scores = new Float32Array(this.ids.length);
    this.pending = [];
    this.laidOut = this.ids.length;
  }

  /** Stored entries (sum of posting lengths) and bytes held by the typed arrays, accumulator included. */
  stats(): { entries: number; bytes: number } {
    this.compact();
    return { entries: this.slots.length, bytes: this.start.byteLength + this.slots.byteLength + this.values.byteLength + this.scores.byteLength };
  }

  /**
   * The k documents with the highest <q, d>, best first; equal scores: lower id first.
   * Scores accumulate in float32, query word by query word in q's order (bruteForceSearch
   * follows the same order, so the two agree bit for bit). Documents sharing no word with q
   * score 0 and still fill the list when fewer than k documents match.
   */
  search(q: SparseVector, k: number): Hit[] {
    this.compact();
    const { start, slots, values, scores, ids } = this;
    const words = start.length - 1;
    for (let i = 0; i < q.indices.length; i++) {
      const w = q.indices[i];
      if (w >= words) continue;
      const qv = q.values[i];
      for (let e = start[w], end = start[w + 1]; e < end; e++) scores[slots[e]] += qv * values[e];
    }
    const hits = toHits(scores, ids, k);
    scores.fill(0);
    return hits;
  }
}

/** Selects the k best slots (ties: lower id) and maps them to hits. */
export function toHits(scores: Float32Array, ids: ArrayLike<number>, k: number): Hit[] {
  return Array.from(selectTopKHeap(scores, k, ids), (slot) => ({ id: ids[slot], score: scores[slot] }));
}

/**
 * Reference implementation, sharing no code with the index: scores every document with a
 * dictionary lookup per query word (float32 accumulation in q's order, exactly like
 * InvertedIndex.search), then fully sorts (score descending, id ascending).
 */
export function bruteForceSearch(docs: Array<{ id: number; v: SparseVector }>, q: SparseVector, k: number): Hit[] {
  const hits = docs.map(({ id, v }) => {
    const lookup = new Map<number, number>();
    for (let i = 0; i < v.indices.length; i++) lookup.set(v.indices[i], Math.fround(v.values[i]));
    let s = 0;
    for (let i = 0; i < q.indices.length; i++) {
      const dv = lookup.get(q.indices[i]);
      if (dv !== undefined) s = Math.fround(s + q.values[i] * dv); // one rounding per add, as in the Float32Array
    }
    return { id, score: s };
  });
  return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, Math.max(0, k));
}
