/**
 * Worker requests for vocabulary usage over the open gallery (the paper's Fig. 6): rows of the
 * request table, spread into retrieval-protocol.ts's (the gallery lives in the worker's
 * RetrievalService). Answers are small: a few dozen words with their counts, and hits with one
 * value each.
 */
import type { VocabUsageMsg, WordHitMsg, WordUsageMsg } from '../retrieval/messages';
import { row } from './request-table';

export const VOCAB_REQUESTS = {
  vocabUsage: row<{ minShare: number; limit: number }, { type: 'vocabUsed'; usage: VocabUsageMsg }>(),
  /** Vocabulary words matching typed text (exact, prefix, then substring), with their usage. */
  vocabFind: row<{ text: string; limit: number }, { type: 'vocabFound'; text: string; words: WordUsageMsg[] }>(),
  /** The k gallery images where word `word` is strongest (only images where it is active). */
  wordImages: row<{ word: number; k: number }, { type: 'wordImaged'; word: number; text: string; hits: WordHitMsg[] }>(),
};
