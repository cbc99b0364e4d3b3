/**
 * The top words of a sparse vector, as every word view shows them (cloud, table, the query's
 * words): from an L2-normalised lexical vector, sparsify with the current rule, then keep the
 * strongest `topN` survivors. Pure; shared by the worker, the CLI and the views.
 */
import type { SparseVector, SparsifyRule } from './sparse';
import { topEntries, type TopEntries } from './top-words';

/** Top words of a sparse vector, strongest first. */
export interface WordList {
  /** Vocabulary indices. */
  indices: number[];
  words: string[];
  /** Values of the L2-normalised vector. */
  values: number[];
  /** Entries that survive the sparsification rule (may exceed the list's length). */
  activeCount: number;
}

/** float32 [V] normalised vector -> top words under the sparsification rule (./top-words.ts). */
export function wordList(v: Float32Array, rule: SparsifyRule, words: readonly string[], topN: number): WordList {
  return entriesWordList(topEntries(v, 0, v.length, 1, rule, topN), words);
}

/** Selected entries with their words. */
export function entriesWordList(e: TopEntries, words: readonly string[]): WordList {
  return { indices: e.indices, words: e.indices.map((i) => words[i] ?? `#${i}`), values: e.values, activeCount: e.active };
}

/** A sparse vector (strongest first) -> its first `topN` entries with their words. */
export function sparseWordList(s: SparseVector, words: readonly string[], topN: number): WordList {
  const n = Math.min(Math.max(0, Math.floor(topN)), s.indices.length);
  const indices = Array.from(s.indices.subarray(0, n));
  return {
    indices,
    words: indices.map((i) => words[i] ?? `#${i}`),
    values: Array.from(s.values.subarray(0, n)),
    activeCount: s.indices.length,
  };
}

/** A WordList with nothing in it: what a dense bundle's `global` holds (it has no words). */
export const EMPTY_WORDS: WordList = Object.freeze({ indices: [], words: [], values: [], activeCount: 0 }) as WordList;
