/**
 * The gallery index as it was before src/retrieval/inverted-index.ts moved to one word-major
 * layout: a Map of growable posting arrays, and quickselect over every document's score. Kept
 * for `lexvla bench-index` only, which times it beside the current index and brute force in the
 * same run; nothing else may import it.
 */
import type { SparseVector } from '../src/lexical/sparse';
import { selectTopK } from '../src/lexical/select';
import type { Hit } from '../src/retrieval/inverted-index';

/** One word's postings in typed arrays grown geometrically; entries [0, length) are live. */
interface Postings {
  docs: Uint32Array; // uint32 [capacity] document slots, ascending
  values: Float32Array; // float32 [capacity]
  length: number;
}

export class PreviousInvertedIndex {
  private readonly ids: number[] = []; // slot -> id
  private readonly seen = new Set<number>();
  // Typed from the start (no JS-array copy to freeze later): 8 bytes per entry plus slack
  // under 2x, and adding after a search costs nothing extra.
  private readonly postings = new Map<number, Postings>(); // word -> postings

  get size(): number {
    return this.ids.length;
  }

  add(id: number, v: SparseVector): void {
    if (this.seen.has(id)) throw new Error(`PreviousInvertedIndex.add: id ${id} is already in the index, expected each id once`);
    this.seen.add(id);
    const slot = this.ids.length;
    this.ids.push(id);
    for (let i = 0; i < v.indices.length; i++) {
      const w = v.indices[i];
      let p = this.postings.get(w);
      if (!p) this.postings.set(w, (p = { docs: new Uint32Array(4), values: new Float32Array(4), length: 0 }));
      if (p.length === p.docs.length) {
        const docs = new Uint32Array(p.length * 2);
        docs.set(p.docs);
        const values = new Float32Array(p.length * 2);
        values.set(p.values);
        p.docs = docs;
        p.values = values;
      }
      p.docs[p.length] = slot;
      p.values[p.length] = v.values[i];
      p.length++;
    }
  }

  /** Stored entries (sum of posting lengths) and bytes held by the postings arrays. */
  stats(): { entries: number; bytes: number } {
    let entries = 0;
    let bytes = 0;
    for (const p of this.postings.values()) {
      entries += p.length;
      bytes += p.docs.byteLength + p.values.byteLength;
    }
    return { entries, bytes };
  }

  /**
   * The k documents with the highest <q, d>, best first; equal scores: lower id first.
   * Scores accumulate in float32, query word by query word in q's order (bruteForceSearch
   * follows the same order, so the two agree bit for bit). Documents sharing no word with q
   * score 0 and still fill the list when fewer than k documents match.
   */
  search(q: SparseVector, k: number): Hit[] {
    const scores = new Float32Array(this.ids.length); // float32 [documents]
    for (let i = 0; i < q.indices.length; i++) {
      const p = this.postings.get(q.indices[i]);
      if (!p) continue;
      const qv = q.values[i];
      const { docs, values, length } = p;
      for (let j = 0; j < length; j++) scores[docs[j]] += qv * values[j];
    }
    return Array.from(selectTopK(scores, k, undefined, this.ids), (slot) => ({ id: this.ids[slot], score: scores[slot] }));
  }
}
