/**
 * Every patch's vector, or every region with one corner at a given patch, in one pass over the
 * score matrix: what the explorer computes ahead of the pointer, so that a hover or a drag finds
 * its words on the main thread instead of waiting a frame for the worker. Each comes
 * unnormalised, as max-pooled scores; normalised with `l2Scale` (./top-words.ts) it is
 * bit-identical to PatchScores.pooled over the same patches (max is exact in any order), so a
 * list made from it is the list the `words` request gives. Pure.
 */
import type { PatchScores } from './patch-scores';

/**
 * A patch index and its max-pooled scores, raw[offset, offset + vocab). Generators, so that a
 * caller can stop between two (the worker gives way to a new image); `raw` is the score matrix
 * itself or a working buffer: read it before the next.
 */
type Vectors = Generator<[index: number, raw: Float32Array, offset: number], void, undefined>;

/** Each patch's scores, in patch order: the rows of the score matrix, not copied. */
export function* patchVectors(ps: PatchScores): Vectors {
  for (let p = 0; p < ps.patches; p++) yield [p, ps.scores, p * ps.vocab];
}

/**
 * Each region with one corner at patch (row, col): the index of the opposite corner (r, c) and
 * the max of the region's patches, which pooled(regionIndices(row, col, r, c)) normalises. Runs
 * outward from the anchor, so each region is one max with a region already made: 2 x vocab
 * operations per region instead of its area x vocab. float32 [cols, vocab] of working memory, twice.
 */
export function* anchoredRegions(ps: PatchScores, row: number, col: number): Vectors {
  const { scores, vocab: V } = ps;
  const [rows, cols] = ps.grid;
  if (!(Number.isInteger(row) && row >= 0 && row < rows && Number.isInteger(col) && col >= 0 && col < cols)) {
    throw new RangeError(`anchoredRegions: the anchor is (${row}, ${col}), expected a patch of the ${rows} x ${cols} grid`);
  }
  const strip = new Float32Array(cols * V); // row r, max over the columns from `col` to c
  const acc = new Float32Array(cols * V); // max over the rows from `row` to r of strip
  for (const step of [-1, 1]) {
    for (let r = row; r >= 0 && r < rows; r += step) {
      rowStrip(scores, V, r * cols, col, cols, strip);
      if (r === row) acc.set(strip);
      else maxInto(acc, strip, 0, acc.length);
      // The anchor's own row comes first in both directions; it is visited once.
      if (r === row && step === 1) continue;
      for (let c = 0; c < cols; c++) yield [r * cols + c, acc, c * V];
    }
  }
}

/** strip[c] = max of the patches of one row from column `col` to c, for every c. */
function rowStrip(scores: Float32Array, V: number, rowStart: number, col: number, cols: number, strip: Float32Array): void {
  strip.set(scores.subarray((rowStart + col) * V, (rowStart + col + 1) * V), col * V);
  for (let c = col + 1; c < cols; c++) {
    strip.copyWithin(c * V, (c - 1) * V, c * V);
    maxFrom(strip, c * V, scores, (rowStart + c) * V, V);
  }
  for (let c = col - 1; c >= 0; c--) {
    strip.copyWithin(c * V, (c + 1) * V, (c + 2) * V);
    maxFrom(strip, c * V, scores, (rowStart + c) * V, V);
  }
}

/** a[at + j] = max(a[at + j], b[from + j]) for j < n. */
function maxFrom(a: Float32Array, at: number, b: Float32Array, from: number, n: number): void {
  for (let j = 0; j < n; j++) if (b[from + j] > a[at + j]) a[at + j] = b[from + j];
}

function maxInto(a: Float32Array, b: Float32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) if (b[j] > a[j]) a[j] = b[j];
}
