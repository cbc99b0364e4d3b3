/** The vocabulary slice: usage over the open gallery and the word index. */
import type { VocabUsageMsg, WordHitMsg, WordUsageMsg } from '../retrieval/messages';

export interface VocabState {
  /** galleryId() of the gallery the answers below belong to. */
  gallery: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  usage: VocabUsageMsg | null;
  typed: string;
  found: WordUsageMsg[];
  /** The chosen word and the images where it fires most. */
  word: { index: number; text: string; hits: WordHitMsg[] } | null;
  /** The hit opened in the inspector (its heatmap is the store's `heatmap`). */
  opened: { item: number; name: string; word: number } | null;
}

export interface VocabSlice {
  vocab: VocabState;
  /** Computes the open gallery's usage (again only if the gallery changed). */
  loadVocabUsage(): Promise<void>;
  findVocabWords(text: string): Promise<void>;
  showWordImages(word: number): Promise<void>;
  /** Encodes gallery item `item` as the inspector's image and shows `word`'s heatmap on it. */
  openWordImage(item: number, word: number): Promise<void>;
}
