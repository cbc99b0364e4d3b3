/**
 * A dense model read as words: the vocabulary words whose text embeddings lie nearest (by
 * cosine) to an image embedding. These are neighbours in the joint embedding space, not
 * activations: a dense model scores no word, so every word has a cosine and the list is simply
 * the closest k. The one cosine top-k of the project: the worker, the CLI and the tests all call
 * `nearestWords`.
 */
import { selectTopKHeap } from './select';
import type { WordList } from './word-list';

/** Words and their embeddings, ready for cosine search. */
export interface WordTable {
  words: readonly string[];
  dim: number;
  /** float32 [V, D], each row scaled to unit length (an all-zero row stays zero: cosine 0 with everything). */
  rows: Float32Array;
}

/** Words per block of the table: a block of rows (128 x D floats) stays in cache while every query meets it. */
const BLOCK = 128;

/** A WordTable from embeddings float32 [V, D] (normalised here, in place). */
export function wordTable(words: readonly string[], values: Float32Array, dim: number): WordTable {
  if (!Number.isInteger(dim) || dim <= 0 || values.length !== words.length * dim) {
    throw new RangeError(`wordTable: ${values.length} values for ${words.length} words of dimension ${dim}, expected words x dim = ${words.length * dim}`);
  }
  unitRows(values, dim);
  return { words, dim, rows: values };
}

/** Scales each row of a [n, dim] matrix to unit length, in place; zero rows stay zero. */
function unitRows(m: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < m.length / dim; r++) {
    let ss = 0;
    for (let d = 0; d < dim; d++) ss += m[r * dim + d] * m[r * dim + d];
    if (ss === 0) continue;
    const inv = 1 / Math.sqrt(ss);
    for (let d = 0; d < dim; d++) m[r * dim + d] *= inv;
  }
  return m;
}

/**
 * For each query embedding (float32 [Q, D], any length), the k words of `table` with the highest
 * cosine, highest first (ties: lower word index first, as everywhere in src/lexical/select.ts).
 * `values` are the cosines; `activeCount` is the list's own length (nothing is sparsified).
 * A zero query has cosine 0 with every word, so it lists the first k words.
 */
export function nearestWords(table: WordTable, queries: Float32Array, k: number): WordList[] {
  const { dim, rows, words } = table;
  if (queries.length % dim !== 0) {
    throw new RangeError(`nearestWords: ${queries.length} query values, expected a multiple of the table's dimension ${dim}`);
  }
  const V = words.length;
  const Q = queries.length / dim;
  const q = unitRows(Float32Array.from(queries), dim);
  const cos = new Float32Array(Q * V); // float32 [Q, V]
  for (let v0 = 0; v0 < V; v0 += BLOCK) {
    const v1 = Math.min(V, v0 + BLOCK);
    // Four queries per pass over a row: each row value is read once for four products.
    let i = 0;
    for (; i + 4 <= Q; i += 4) {
      const a = i * dim;
      const b = a + dim;
      const c = b + dim;
      const e = c + dim;
      for (let v = v0; v < v1; v++) {
        const ro = v * dim;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let d = 0; d < dim; d++) {
          const r = rows[ro + d];
          s0 += q[a + d] * r;
          s1 += q[b + d] * r;
          s2 += q[c + d] * r;
          s3 += q[e + d] * r;
        }
        cos[i * V + v] = s0;
        cos[(i + 1) * V + v] = s1;
        cos[(i + 2) * V + v] = s2;
        cos[(i + 3) * V + v] = s3;
      }
    }
    for (; i < Q; i++) {
      const qo = i * dim;
      for (let v = v0; v < v1; v++) {
        const ro = v * dim;
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += q[qo + d] * rows[ro + d];
        cos[i * V + v] = dot;
      }
    }
  }
  const lists: WordList[] = [];
  for (let i = 0; i < Q; i++) {
    const scores = cos.subarray(i * V, (i + 1) * V);
    const top = Array.from(selectTopKHeap(scores, k));
    lists.push({ indices: top, words: top.map((w) => words[w]), values: top.map((w) => scores[w]), activeCount: top.length });
  }
  return lists;
}

/** The mean of the rows `indices` of a [n, dim] matrix (a region of patch embeddings): float32 [dim]. */
export function meanRows(m: Float32Array, dim: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const r of indices) for (let d = 0; d < dim; d++) out[d] += m[r * dim + d];
  if (indices.length > 0) for (let d = 0; d < dim; d++) out[d] /= indices.length;
  return out;
}
