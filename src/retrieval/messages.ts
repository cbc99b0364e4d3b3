/**
 * What retrieval and vocabulary usage answer the page with: gallery summaries, hits with the
 * words that made them, word usage counts. Small plain data (vectors never leave the worker),
 * shaped by the worker's RetrievalService and shown by the retrieval and vocabulary views.
 */
import type { SparsifySpec } from '../bundle/types';
import type { WordList } from '../lexical/word-list';

export interface GalleryInfo {
  /** 'bundle' for the bundle's own gallery; else the IndexedDB key of a stored one. */
  key: string;
  name: string;
  origin: 'bundle' | 'folder';
  kind: 'lexical' | 'dense';
  items: number;
  captions: number;
  /** Mean active words per image vector (lexical), null for dense. */
  meanActive: number | null;
  /** Bytes of the stored vectors (sparse for lexical galleries). */
  vectorBytes: number;
  /** The rule the image vectors were sparsified with (lexical). */
  rule: SparsifySpec | null;
  createdAt: string;
  /** Files of the folder that could not be used (not images, corrupt), with why. */
  skipped: string[];
}

export interface StoredGalleryInfo extends GalleryInfo {
  modelName: string;
  /** true when it was built with the model now loaded (only then can it be opened). */
  matchesModel: boolean;
}

/** text: encoded by the bundle's text side; image: the image open in the inspector. */
export type RetrievalQueryMsg = { kind: 'text'; text: string } | { kind: 'image'; name: string };
/** What to search: the gallery's images, or its captions (image -> text). */
export type RetrievalTarget = 'images' | 'captions';

export interface WhyWord {
  index: number;
  word: string;
  /** q_j * d_j. */
  value: number;
}

export interface RetrievalHitMsg {
  rank: number;
  score: number;
  /** Gallery item index (for caption hits: the caption's image). */
  item: number;
  itemId: string;
  name: string;
  /** The matched caption (caption hits), else null. */
  caption: string | null;
  /** Lexical only: the shared words contributing most to the score, largest first. */
  why: WhyWord[];
}

export interface RetrievalResultMsg {
  query: RetrievalQueryMsg;
  target: RetrievalTarget;
  /** The query's own top words (lexical), else null. */
  queryWords: WordList | null;
  hits: RetrievalHitMsg[];
  ms: number;
}

/** One vocabulary word's usage over the gallery's image vectors (the paper's Fig. 6). */
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
