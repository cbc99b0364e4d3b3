/**
 * One image's per-patch lexical scores and the views the explorer derives from them:
 * global and region vectors (max-pool then L2-normalise, docs/method.md step 4), one word's
 * heatmap, and a text's relevance on every patch.
 */
import type { SparseVector } from './sparse';

export class PatchScores {
  private norms: Float64Array | null = null; // float64 [patches], computed on first use

  /**
   * @param scores float32 [patches, vocab], row-major, ELU1p already applied, not normalised
   *   (the layout of the vision model's `patch` output [1, patches, V] without the batch axis).
   * @param grid [rows, cols]; patch index = row * cols + col.
   */
  constructor(
    readonly scores: Float32Array,
    readonly patches: number,
    readonly vocab: number,
    readonly grid: [number, number],
  ) {
    if (scores.length !== patches * vocab) {
      throw new RangeError(`PatchScores: scores has ${scores.length} values, expected patches x vocab = ${patches} x ${vocab} = ${patches * vocab}`);
    }
    if (grid[0] * grid[1] !== patches) {
      throw new RangeError(`PatchScores: grid is [${grid.join(',')}] (${grid[0] * grid[1]} cells), expected ${patches} patches`);
    }
  }

  /**
   * Builds the dense score matrix from an on-graph top-k output (manifest `patchTopK`):
   * entries outside each patch's top k are 0. Norms then cover the kept entries only,
   * which is exact for what survives and slightly overstates the weight of each kept word.
   * @param values float32 [patches, k]
   * @param indices int64 or int32 [patches, k] vocabulary indices
   */
  static fromTopK(
    values: ArrayLike<number>,
    indices: ArrayLike<number | bigint>,
    patches: number,
    k: number,
    vocab: number,
    grid: [number, number],
  ): PatchScores {
    if (values.length !== patches * k || indices.length !== patches * k) {
      throw new RangeError(`PatchScores.fromTopK: got ${values.length} values and ${indices.length} indices, expected patches x k = ${patches * k} of each`);
    }
    const scores = new Float32Array(patches * vocab);
    for (let p = 0; p < patches; p++) {
      for (let i = 0; i < k; i++) {
        const w = Number(indices[p * k + i]);
        if (!(w >= 0 && w < vocab)) throw new RangeError(`PatchScores.fromTopK: index ${w} at patch ${p} is outside the vocabulary [0, ${vocab})`);
        scores[p * vocab + w] = values[p * k + i];
      }
    }
    return new PatchScores(scores, patches, vocab, grid);
  }

  /** L2 norm of patch p's score row. */
  rowNorm(p: number): number {
    this.checkPatch(p);
    return this.allNorms()[p];
  }

  /**
   * L2-normalised max-pool over the given patches; 'all' gives the global vector.
   * A single patch gives that patch's normalised vector. Returns float32 [vocab].
   */
  pooled(patchIndices: ArrayLike<number> | 'all'): Float32Array {
    const { vocab, scores } = this;
    const out = new Float32Array(vocab);
    const count = patchIndices === 'all' ? this.patches : patchIndices.length;
    if (count === 0) throw new RangeError('PatchScores.pooled: no patches given, expected at least one');
    for (let i = 0; i < count; i++) {
      const p = patchIndices === 'all' ? i : patchIndices[i];
      this.checkPatch(p);
      const row = p * vocab;
      if (i === 0) out.set(scores.subarray(row, row + vocab));
      // Math.max, not a comparison: the same bits in any order of the patches (NaN and signed
      // zeros included), as src/lexical/region-sweep.ts relies on.
      else for (let j = 0; j < vocab; j++) out[j] = Math.max(out[j], scores[row + j]);
    }
    let ss = 0;
    for (let j = 0; j < vocab; j++) ss += out[j] * out[j];
    if (ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let j = 0; j < vocab; j++) out[j] *= inv;
    }
    return out;
  }

  /** Patch indices of the inclusive rectangle between (r0, c0) and (r1, c1), any corner order, row-major. */
  regionIndices(r0: number, c0: number, r1: number, c1: number): number[] {
    const [rows, cols] = this.grid;
    for (const [name, v, max] of [['r0', r0, rows], ['c0', c0, cols], ['r1', r1, rows], ['c1', c1, cols]] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= max) {
        throw new RangeError(`PatchScores.regionIndices: ${name} is ${v}, expected an integer in [0, ${max - 1}]`);
      }
    }
    const out: number[] = [];
    for (let r = Math.min(r0, r1); r <= Math.max(r0, r1); r++) {
      for (let c = Math.min(c0, c1); c <= Math.max(c0, c1); c++) out.push(r * cols + c);
    }
    return out;
  }

  /** Each patch's normalised value for one word: float32 [patches]. */
  wordColumn(word: number): Float32Array {
    this.checkWord(word);
    const norms = this.allNorms();
    const out = new Float32Array(this.patches);
    for (let p = 0; p < this.patches; p++) {
      out[p] = norms[p] > 0 ? this.scores[p * this.vocab + word] / norms[p] : 0;
    }
    return out;
  }

  /** <normalised v_p, q> for every patch p: float32 [patches]. */
  relevance(q: SparseVector): Float32Array {
    for (let i = 0; i < q.indices.length; i++) this.checkWord(q.indices[i]);
    const norms = this.allNorms();
    const out = new Float32Array(this.patches);
    for (let p = 0; p < this.patches; p++) {
      if (norms[p] === 0) continue;
      const row = p * this.vocab;
      let sum = 0;
      for (let i = 0; i < q.indices.length; i++) sum += q.values[i] * this.scores[row + q.indices[i]];
      out[p] = sum / norms[p];
    }
    return out;
  }

  private allNorms(): Float64Array {
    if (this.norms) return this.norms;
    const norms = new Float64Array(this.patches);
    for (let p = 0; p < this.patches; p++) {
      let ss = 0;
      const row = p * this.vocab;
      for (let j = 0; j < this.vocab; j++) ss += this.scores[row + j] * this.scores[row + j];
      norms[p] = Math.sqrt(ss);
    }
    return (this.norms = norms);
  }

  private checkPatch(p: number): void {
    if (!Number.isInteger(p) || p < 0 || p >= this.patches) {
      throw new RangeError(`PatchScores: patch ${p} is out of range, expected an integer in [0, ${this.patches - 1}]`);
    }
  }

  private checkWord(w: number): void {
    if (!Number.isInteger(w) || w < 0 || w >= this.vocab) {
      throw new RangeError(`PatchScores: word ${w} is out of range, expected an integer in [0, ${this.vocab - 1}]`);
    }
  }
}
