/**
 * Worker messages for vocabulary usage over the open gallery (the paper's Fig. 6).
 * Unioned into retrieval-protocol.ts (the gallery lives in the worker's RetrievalService).
 * Answers are small: a few dozen words with their counts, and hits with one value each.
 */

/** One vocabulary word's usage over the gallery's image vectors. */
export interface WordUsageMsg {
  index: number;
  word: string;
  /** Images where the word is active (0 for a word the gallery never uses). */
  df: number;
  /** df / images. */
  share: number;
  /** Mean value where active (0 when df is 0). */
  mean: number;
  /** Sum of its values over all images. */
  mass: number;
}

export interface VocabUsageMsg {
  /** The gallery's name, for the caption. */
  gallery: string;
  images: number;
  vocabSize: number;
  /** Words active in at least one image. */
  distinct: number;
  /** distinct / vocabSize. */
  coverage: number;
  meanActive: number;
  /** The share of images above which a word counts as over-used. */
  minShare: number;
  /** How many words are over-used (share > minShare). */
  overused: number;
  /** The most frequent words, most frequent first (at most the requested limit). */
  top: WordUsageMsg[];
}

/** An image where one word fires, with the word's value in its vector (<e_w, d> = d_w). */
export interface WordHitMsg {
  item: number;
  itemId: string;
  name: string;
  value: number;
}

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
