/**
 * Worker requests for words beyond the inspector's (the Compare view reads a dense model as
 * words): rows of the request table, spread into protocol.ts's REQUESTS. Answers stay small: a
 * few words per patch, one heatmap row, a vocabulary's words once.
 */
import type { WordTableInfo } from '../model/word-table';
import type { WordHeatmap } from '../model/word-views';
import { row, type NoFields } from './request-table';

export const WORDS_REQUESTS = {
  /** Each patch's `k` first words, string [patches][k]: lexical by score (active or not), dense nearest by cosine. */
  patchWords: row<{ k: number }, { type: 'patchWords'; k: number; words: string[][] }>(),
  /** One word's heatmap, the word given as text (the other side of Compare clicked it); null when this model has no such word. */
  wordHeatmapOf: row<{ text: string }, { type: 'wordHeatmapOf'; text: string; heatmap: WordHeatmap | null }>(),
  /** A lexical model's vocabulary, in order (what the dense side of Compare embeds when its bundle ships no word table). */
  vocabularyWords: row<NoFields, { type: 'vocabularyWords'; words: string[]; rule: string }>(),
  /**
   * A dense model's word table: its bundle's own (manifest wordEmbeddings; progress phase
   * 'download'), else `words` embedded with its text graph (progress phase 'words', counts are
   * words), kept in memory per bundle for the worker's life. `info` null: a lexical model.
   */
  prepareWords: row<{ words: string[] | null; rule: string | null }, { type: 'wordsPrepared'; info: WordTableInfo | null }>(),
};
