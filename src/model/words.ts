/**
 * From an L2-normalised lexical vector to the protocol's WordList: sparsify with the current
 * rule, then keep the strongest `topN` survivors. Pure; shared by the worker and the CLI.
 */
import { sparsify, type SparseVector, type SparsifyRule } from '../lexical/sparse';
import type { WordList } from '../worker/protocol';
import { EngineError } from './errors';

/** float32 [V] normalised vector -> top words under the sparsification rule. */
export function wordList(v: Float32Array, rule: SparsifyRule, words: readonly string[], topN: number): WordList {
  return sparseWordList(sparsify(v, rule), words, topN);
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

/** Checks a user-supplied rule before it reaches sparsify (a NaN threshold would keep nothing silently). */
export function checkRule(rule: SparsifyRule): SparsifyRule {
  if (typeof rule?.threshold !== 'number' || !Number.isFinite(rule.threshold) || rule.threshold < 0) {
    throw new EngineError('internal', `sparsify.threshold is ${String(rule?.threshold)}, expected a finite number >= 0`);
  }
  if (rule.topK !== null && !(Number.isInteger(rule.topK) && rule.topK > 0)) {
    throw new EngineError('internal', `sparsify.topK is ${String(rule.topK)}, expected null or a positive integer`);
  }
  return { threshold: rule.threshold, topK: rule.topK };
}
