/** The Compare view's slices: the second bundle's side, and retrieval on both sides. */
import type { WordList } from '../lexical/word-list';
import type { ImageRGBA } from '../model/encode';
import type { ModelInfo } from '../model/info';
import type { WordTableInfo } from '../model/word-table';
import type { PatchTarget, WordHeatmap } from '../model/word-views';
import type { GalleryInfo, RetrievalQueryMsg, RetrievalResultMsg, RetrievalTarget } from '../retrieval/messages';
import type { PatchDisImageResult, TextQueryResult } from '../worker/protocol';

export interface CompareSideResults {
  query: TextQueryResult | null;
  patchdis: PatchDisImageResult | null;
}

export interface CompareState {
  /** The second bundle's URL, as given (relative to the app, or absolute). */
  url: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  info: ModelInfo | null;
  error: string | null;
  /** The second side's view of the inspector's image. */
  image: { name: string | null; preview: ImageRGBA | null; global: WordList | null; status: 'idle' | 'encoding' | 'ready' };
  words: { target: PatchTarget | null; list: WordList | null };
  query: string;
  classes: string[];
  left: CompareSideResults;
  right: CompareSideResults;
}

export interface CompareSlice {
  compare: CompareState;
  /** Loads the second bundle (default: the CLIP default) in a second worker, then the image. */
  openCompare(url?: string): Promise<void>;
  setCompareQuery(text: string): Promise<void>;
  setCompareClasses(classes: string[]): Promise<void>;
  /** Re-encodes the inspector's image on the second side and re-runs the query and classes. */
  syncCompareImage(): Promise<void>;
  /**
   * Resolves once the second worker holds the inspected image (or has failed to encode it): what
   * a right-side image query must wait for, since the Compare view is 'ready' (bundle loaded)
   * while the image is still encoding.
   */
  compareImageSettled(): Promise<void>;
  /** The second side's words for the shared selection. */
  syncCompareWords(): Promise<void>;
  /**
   * A Compare text field got the focus: both workers open their text side now (once per model),
   * so the first query does not wait for it (the inspector's prepareText, for the second worker too).
   */
  prepareCompareText(): void;
}

export interface SideSearch {
  gallery: GalleryInfo | null;
  results: RetrievalResultMsg | null;
  error: string | null;
}

interface CompareSearchState {
  /** The last query run (text trimmed), null before the first. */
  query: RetrievalQueryMsg | null;
  target: RetrievalTarget;
  status: 'idle' | 'searching' | 'ready';
  left: SideSearch;
  right: SideSearch;
}

export interface CompareSearchSlice {
  compareSearch: CompareSearchState;
  /**
   * Runs `query` over both galleries (opening each bundle's own gallery if needed), for images or
   * captions. An image query is the inspected image, as each side's model encoded it.
   */
  searchCompare(query: RetrievalQueryMsg, target?: RetrievalTarget): Promise<void>;
  /** A right-side gallery image's bytes (thumbnails), from the second worker. */
  compareItemBytes(item: number): Promise<{ name: string; bytes: ArrayBuffer } | null>;
  /** Opens a right-side gallery image in the inspector (and so on both sides). */
  openCompareItem(item: number): Promise<void>;
}

/** The word clicked in a Compare cloud, and its heatmap on each side (null where that side has no such word). */
export interface CompareWord {
  text: string;
  left: WordHeatmap | null;
  right: WordHeatmap | null;
}

export interface CompareWordsState {
  /**
   * The second side's word table when it is a dense bundle (its nearest words, not activations):
   * 'idle' for a lexical second bundle or none; 'loading' reads the bundle's own table;
   * 'computing' embeds the inspector's vocabulary with its text graph (`progress`: words done).
   */
  table: {
    status: 'idle' | 'loading' | 'computing' | 'ready' | 'error';
    info: WordTableInfo | null;
    progress: { done: number; total: number } | null;
    error: string | null;
  };
  word: CompareWord | null;
  /** Per patch of the inspector's grid, the share of the two models' first AGREEMENT_K words they share: float32 [patches]. */
  agreement: { on: boolean; status: 'idle' | 'computing' | 'ready' | 'error'; values: Float32Array | null; error: string | null };
}

export interface CompareWordsSlice {
  compareWords: CompareWordsState;
  /** Gives a dense second bundle its word table (its own, or the inspector's vocabulary embedded), then its words. */
  prepareCompareWords(): Promise<void>;
  /** After a new image or word table: the dense side's global words if missing, the agreement overlay and the clicked word again. */
  syncCompareWordViews(): Promise<void>;
  /** Both sides' heatmaps of the word written `text`. */
  showCompareWord(text: string): Promise<void>;
  clearCompareWord(): void;
  /** Switches the agreement overlay on (computing it for the current image) or off. */
  setAgreement(on: boolean): Promise<void>;
}
