/**
 * "Why this match": a lexical score <q, d> is a sum over shared words of q_j * d_j, so the
 * words with the largest products are exactly what made the document rank where it did.
 */
import type { SparseVector } from '../lexical/sparse';

export interface Contribution {
  /** Vocabulary index. */
  index: number;
  /** q_j * d_j. */
  value: number;
}

/**
 * The n shared words with the largest q_j * d_j, largest first (ties: lower index), and the
 * full score (sum over all shared words, accumulated in q's order like InvertedIndex.search).
 */
export function explainMatch(q: SparseVector, d: SparseVector, n: number): { score: number; top: Contribution[] } {
  const dv = new Map<number, number>();
  for (let i = 0; i < d.indices.length; i++) dv.set(d.indices[i], d.values[i]);
  const shared: Contribution[] = [];
  let score = 0;
  for (let i = 0; i < q.indices.length; i++) {
    const w = dv.get(q.indices[i]);
    if (w === undefined) continue;
    const value = q.values[i] * w;
    score = Math.fround(score + value); // one float32 rounding per add, as in the index's Float32Array
    shared.push({ index: q.indices[i], value });
  }
  shared.sort((a, b) => b.value - a.value || a.index - b.index);
  return { score, top: shared.slice(0, Math.max(0, n)) };
}
