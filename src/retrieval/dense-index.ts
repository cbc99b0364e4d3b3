/**
 * Brute-force exact retrieval over dense embeddings (dense bundles, e.g. a CLIP baseline).
 * Rows are L2-normalised on add, so the dot product is the cosine similarity.
 */
import { toHits, type Hit } from './inverted-index';

export class DenseIndex {
  private rows = new Float32Array(0); // float32 [capacity, dim]
  private readonly ids: number[] = [];
  private readonly seen = new Set<number>();

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`DenseIndex: dim is ${dim}, expected a positive integer`);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds a copy of v, L2-normalised (a zero vector stays zero and scores 0 against everything). */
  add(id: number, v: Float32Array): void {
    this.checkDim('add', v);
    if (this.seen.has(id)) throw new Error(`DenseIndex.add: id ${id} is already in the index, expected each id once`);
    this.seen.add(id);
    const slot = this.ids.length;
    if ((slot + 1) * this.dim > this.rows.length) {
      // Grow geometrically so adding N rows costs O(N) copies in total.
      const grown = new Float32Array(Math.max(this.dim, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    this.ids.push(id);
    let ss = 0;
    for (let d = 0; d < this.dim; d++) ss += v[d] * v[d];
    const norm = Math.sqrt(ss);
    const row = this.rows.subarray(slot * this.dim, (slot + 1) * this.dim);
    for (let d = 0; d < this.dim; d++) row[d] = norm > 0 ? v[d] / norm : 0;
  }

  /** The k rows with the highest <q, row>, best first; equal scores: lower id first. q is used as given. */
  search(q: Float32Array, k: number): Hit[] {
    this.checkDim('search', q);
    const n = this.ids.length;
    const scores = new Float32Array(n); // float32 [documents]
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * this.dim;
      for (let d = 0; d < this.dim; d++) s += q[d] * this.rows[off + d];
      scores[i] = s;
    }
    return toHits(scores, this.ids, k);
  }

  private checkDim(op: string, v: Float32Array): void {
    if (v.length !== this.dim) throw new RangeError(`DenseIndex.${op}: vector has ${v.length} values, expected dim = ${this.dim}`);
  }
}
