/**
 * Every patch's vector, or every region with one corner at a given patch, in one pass over the
 * score matrix: what the explorer computes ahead of the pointer, so that a hover or a drag finds
 * its words on the main thread instead of waiting a frame for the worker. Each vector is
 * bit-identical to PatchScores.pooled over the same patches (max is exact in any order, and the
 * L2 normalisation below repeats pooled's operations), so a list made from it is the list the
 * `words` request gives. Pure.
 */
import type { PatchScores } from './patch-scores';

/**
 * A patch index and its vector, float32 [vocab]. Generators, so that a caller can stop between
 * two vectors (the worker gives way to a new image); the vector is reused: read it before the next.
 */
type Vectors = Generator<[index: number, v: Float32Array], void, undefined>;

/** Each patch's L2-normalised vector, in patch order: pooled([p]) for every p. */
export function* patchVectors(ps: PatchScores): Vectors {
  const { scores, vocab } = ps;
  const out = new Float32Array(vocab);
  for (let p = 0; p < ps.patches; p++) {
    out.set(scores.subarray(p * vocab, (p + 1) * vocab));
    yield [p, normalizeInPlace(out)];
  }
}

/**
 * Each region with one corner at patch (row, col): the index of the opposite corner (r, c) and
 * pooled(regionIndices(row, col, r, c)). Runs outward from the anchor, so each region is one max
 * with a region already made: 2 x vocab operations per region instead of its area x vocab.
 * float32 [cols, vocab] of working memory, twice.
 */
export function* anchoredRegions(ps: PatchScores, row: number, col: number): Vectors {
  const { scores, vocab: V } = ps;
  const [rows, cols] = ps.grid;
  if (!(Number.isInteger(row) && row >= 0 && row < rows && Number.isInteger(col) && col >= 0 && col < cols)) {
    throw new RangeError(`anchoredRegions: the anchor is (${row}, ${col}), expected a patch of the ${rows} x ${cols} grid`);
  }
  const strip = new Float32Array(cols * V); // row r, max over the columns from `col` to c
  const acc = new Float32Array(cols * V); // max over the rows from `row` to r of strip
  const out = new Float32Array(V);
  for (const step of [-1, 1]) {
    for (let r = row; r >= 0 && r < rows; r += step) {
      rowStrip(scores, V, r * cols, col, cols, strip);
      if (r === row) acc.set(strip);
      else maxInto(acc, strip, 0, acc.length);
      // The anchor's own row comes first in both directions; it is visited once.
      if (r === row && step === 1) continue;
      for (let c = 0; c < cols; c++) {
        out.set(acc.subarray(c * V, (c + 1) * V));
        yield [r * cols + c, normalizeInPlace(out)];
      }
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

/** PatchScores.pooled's normalisation, operation for operation (float64 sum in index order). */
function normalizeInPlace(v: Float32Array): Float32Array {
  let ss = 0;
  for (let j = 0; j < v.length; j++) ss += v[j] * v[j];
  if (ss > 0) {
    const inv = 1 / Math.sqrt(ss);
    for (let j = 0; j < v.length; j++) v[j] *= inv;
  }
  return v;
}
