/**
 * Worker messages for vocabulary usage over the open gallery (the paper's Fig. 6).
 * Unioned into retrieval-protocol.ts (the gallery lives in the worker's RetrievalService).
 * Answers are small: a few dozen words with their counts, and hits with one value each.
 */
import type { VocabUsageMsg, WordHitMsg, WordUsageMsg } from '../retrieval/messages';

export type VocabRequest =
  | { id: number; type: 'vocabUsage'; minShare: number; limit: number }
  /** Vocabulary words matching typed text (exact, prefix, then substring), with their usage. */
  | { id: number; type: 'vocabFind'; text: string; limit: number }
  /** The k gallery images where word `word` is strongest (only images where it is active). */
  | { id: number; type: 'wordImages'; word: number; k: number };

export type VocabResponse =
  | { id: number; type: 'vocabUsed'; usage: VocabUsageMsg }
  | { id: number; type: 'vocabFound'; text: string; words: WordUsageMsg[] }
  | { id: number; type: 'wordImaged'; word: number; text: string; hits: WordHitMsg[] };

export interface VocabAnswerOf {
  vocabUsage: 'vocabUsed';
  vocabFind: 'vocabFound';
  wordImages: 'wordImaged';
}

export const VOCAB_REQUEST_TYPES: ReadonlyArray<VocabRequest['type']> = ['vocabUsage', 'vocabFind', 'wordImages'];
