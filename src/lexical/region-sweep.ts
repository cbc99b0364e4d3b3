/**
 * Every patch's vector, or every region with one corner at a given patch, in one pass over the
 * score matrix: what the explorer computes ahead of the pointer, so that a hover or a drag finds
 * its words on the main thread instead of waiting a frame for the worker. Each comes
 * unnormalised, as max-pooled scores, with its L2 scale (./top-words.ts `l2Scale`): normalised
 * with it, it is bit-identical to PatchScores.pooled over the same patches (Math.max is exact and
 * order-free, NaN and signed zeros included), so a list made from it is the list the `words`
 * request gives. Pure.
 */
import type { PatchScores } from './patch-scores';
import { l2Scale, scaleOfSquares } from './top-words';

/**
 * A patch index, its max-pooled scores raw[offset, offset + vocab) and their L2 scale.
 * Generators, so that a caller can stop between two (the worker gives way to a new image);
 * `raw` is the score matrix itself or a working buffer: read it before the next.
 */
type Vectors = Generator<[index: number, raw: Float32Array, offset: number, scale: number], void, undefined>;

/** Each patch's scores, in patch order: the rows of the score matrix, not copied. */
export function* patchVectors(ps: PatchScores): Vectors {
  for (let p = 0; p < ps.patches; p++) yield [p, ps.scores, p * ps.vocab, l2Scale(ps.scores, p * ps.vocab, ps.vocab)];
}

/**
 * Each region with one corner at patch (row, col): the index of the opposite corner (r, c) and
 * the max of the region's patches, which pooled(regionIndices(row, col, r, c)) normalises.
 *
 * Nearest rows first (the anchor's row, the rows above and below it one apart, then two apart,
 * ...) and, within a row, nearest columns first: a drag's first regions come first. Each region
 * is one pass over the vocabulary, from regions already made: the row's strip from the anchor's
 * column to c is the strip to the column before, maxed with patch (r, c); the region is the
 * region one row nearer the anchor, maxed with that strip; the sum of squares of its L2 scale is
 * taken in the same pass. float32 [cols, vocab] of working memory, three times.
 */
export function* anchoredRegions(ps: PatchScores, row: number, col: number): Vectors {
  const { scores, vocab: V } = ps;
  const [rows, cols] = ps.grid;
  if (!(Number.isInteger(row) && row >= 0 && row < rows && Number.isInteger(col) && col >= 0 && col < cols)) {
    throw new RangeError(`anchoredRegions: the anchor is (${row}, ${col}), expected a patch of the ${rows} x ${cols} grid`);
  }
  const strip = new Float32Array(cols * V); // strip[c]: row r's patches from column `col` to c
  // Regions of the rows above the anchor and of those below, by column; the anchor's row starts
  // both. -Infinity is max's identity: the first row and the anchor's column start from it.
  const above = new Float32Array(cols * V).fill(-Infinity);
  const below = new Float32Array(cols * V);
  const none = new Float32Array(V).fill(-Infinity);
  for (let d = 0; d < rows; d++) {
    for (const r of d === 0 ? [row] : [row - d, row + d]) {
      if (r < 0 || r >= rows) continue;
      const acc = r > row ? below : above;
      for (let k = 0; k < 2 * cols - 1; k++) {
        // Columns col, col - 1, col + 1, col - 2, ...: each after the one nearer the anchor.
        const c = k === 0 ? col : k % 2 === 1 ? col - (k + 1) / 2 : col + k / 2;
        // Past one edge of the grid, the other side still has columns to go.
        if (c < 0 || c >= cols) continue;
        const [prev, prevAt] = c === col ? [none, 0] : [strip, (c < col ? c + 1 : c - 1) * V];
        const ss = sweepStep(scores, (r * cols + c) * V, strip, prevAt, prev, acc, c * V, V);
        yield [r * cols + c, acc, c * V, scaleOfSquares(ss)];
      }
      if (r === row) below.set(above);
    }
  }
}

/**
 * strip[at + j] = max(prev[prevAt + j], scores[from + j]); acc[at + j] = max(acc[at + j], that),
 * for j < n. Returns the sum of squares of the new acc[at, at + n), in index order, in float64.
 */
function sweepStep(scores: Float32Array, from: number, strip: Float32Array, prevAt: number, prev: Float32Array, acc: Float32Array, at: number, n: number): number {
  let ss = 0;
  for (let j = 0; j < n; j++) {
    const s = Math.max(prev[prevAt + j], scores[from + j]);
    strip[at + j] = s;
    const a = Math.max(acc[at + j], s);
    acc[at + j] = a;
    ss += a * a;
  }
  return ss;
}
