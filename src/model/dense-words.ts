/**
 * The word views of a dense image, read through a word table (./word-table.ts): the nearest
 * vocabulary words of the global embedding, of a patch, or of a region's mean embedding, and one
 * word's heatmap (the cosine of each patch with that word's embedding). Nearest words in
 * embedding space, not activations: src/lexical/nearest-words.ts.
 */
import { meanRows, nearestWords, type WordTable } from '../lexical/nearest-words';
import { similarityDense } from '../lexical/patchdis';
import type { WordList } from '../lexical/word-list';
import type { EncodedImage } from './encode';
import { EngineError } from './errors';
import type { PatchTarget, WordHeatmap } from './word-views';

export type DenseImage = Extract<EncodedImage, { kind: 'dense' }>;

/** The patches of an inclusive rectangle on a [rows, cols] grid, row-major. */
function regionCells(grid: [number, number], t: Extract<PatchTarget, { kind: 'region' }>): number[] {
  const [rows, cols] = grid;
  for (const [name, v, max] of [['r0', t.r0, rows], ['c0', t.c0, cols], ['r1', t.r1, rows], ['c1', t.c1, cols]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= max) throw new EngineError('internal', `region target ${JSON.stringify(t)}: ${name} is ${v}, expected an integer in [0, ${max - 1}]`);
  }
  const out: number[] = [];
  for (let r = Math.min(t.r0, t.r1); r <= Math.max(t.r0, t.r1); r++) for (let c = Math.min(t.c0, t.c1); c <= Math.max(t.c0, t.c1); c++) out.push(r * cols + c);
  return out;
}

/** The embedding a target stands for: the global one, a patch's, or the mean of a region's. float32 [D]. */
function embeddingOf(image: DenseImage, grid: [number, number], target: PatchTarget): Float32Array {
  const D = image.dim;
  const P = image.patches.length / D;
  if (target.kind === 'global') return image.global;
  if (target.kind === 'patch') {
    if (!Number.isInteger(target.index) || target.index < 0 || target.index >= P) {
      throw new EngineError('internal', `patch target ${target.index}: expected an integer in [0, ${P - 1}]`);
    }
    return image.patches.subarray(target.index * D, (target.index + 1) * D);
  }
  return meanRows(image.patches, D, regionCells(grid, target));
}

/** The `topN` words nearest to a target's embedding. */
export function nearestWordsAt(image: DenseImage, grid: [number, number], table: WordTable, target: PatchTarget, topN: number): WordList {
  return nearestWords(table, embeddingOf(image, grid, target), topN)[0];
}

/** Every patch's `k` nearest words (the agreement overlay), in patch order. */
export function patchNearestWords(image: DenseImage, table: WordTable, k: number): string[][] {
  return nearestWords(table, image.patches, k).map((l) => l.words);
}

/** Cosine of every patch with word `word`'s embedding: float32 [patches], and its range. */
export function denseWordHeatmap(image: DenseImage, table: WordTable, word: number): WordHeatmap {
  const V = table.words.length;
  if (!Number.isInteger(word) || word < 0 || word >= V) {
    throw new EngineError('internal', `word index ${word} is outside the word table, expected an integer in [0, ${V - 1}]`);
  }
  const D = table.dim;
  const values = similarityDense(image.patches, table.rows.subarray(word * D, (word + 1) * D), D);
  let min = Infinity;
  let max = -Infinity;
  for (const x of values) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { word, label: table.words[word], values, min, max };
}
