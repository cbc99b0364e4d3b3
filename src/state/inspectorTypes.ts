/**
 * The inspector's slices: the model, the image, the selection and its words, the heatmap,
 * sparsity, notices and crash recovery.
 */
import type { BundleSourceMsg } from '../bundle/source-msg';
import type { SparsifySpec } from '../bundle/types';
import type { VariantChoice } from '../bundle/vision-graphs';
import type { WordList } from '../lexical/word-list';
import type { Backend, BackendChoice } from '../model/backend';
import type { ImageRGBA } from '../model/encode';
import type { ModelInfo } from '../model/info';
import type { PatchTarget } from '../model/word-views';
import type { EncodeTimings, Progress as ProgressMsg } from '../worker/protocol';

export type Region = { r0: number; c0: number; r1: number; c1: number };

export interface Progress {
  phase: ProgressMsg['phase'];
  label: string;
  loadedBytes: number;
  totalBytes: number;
}

export interface CacheEntry {
  key: string;
  name: string;
  bytes: number;
}

export interface ModelSlice {
  model: {
    info: ModelInfo | null;
    status: 'idle' | 'loading' | 'ready' | 'error';
    progress: Progress | null;
    backendChoice: BackendChoice;
    /** Which vision graph to run: "auto", "exact" or a variant's name (src/bundle/vision-graphs.ts). */
    variantChoice: VariantChoice;
    /** Why loading failed when no model is usable at all (else failures are notices). */
    /** `cached`: a copy of the bundle that failed, kept by an earlier visit (the page offers it). */
    error: { text: string; details?: string[]; cached?: CacheEntry } | null;
    /** Source of the model now in use: replayed after a worker crash. */
    source: BundleSourceMsg | null;
    cache: CacheEntry[];
  };
  loadBundle(source: BundleSourceMsg): Promise<void>;
  setBackendChoice(choice: BackendChoice): void;
  /** Sets the choice and, when a bundle is loaded, loads it again with that vision graph. */
  setVariantChoice(choice: VariantChoice): Promise<void>;
  refreshCache(): Promise<void>;
  clearCache(): Promise<void>;
}

export interface ImageSlice {
  image: {
    status: 'idle' | 'encoding' | 'ready';
    name: string | null;
    preview: ImageRGBA | null;
    original: { width: number; height: number } | null;
    /** The model's input crop in original-image pixels. */
    crop?: { x: number; y: number; width: number; height: number } | null;
    timings: EncodeTimings | null;
    global: WordList | null;
    /** The worker's name for this image (its `wordsAhead` answers name it); null when none. */
    id: number | null;
    /** The encoded file's bytes, kept on the main thread to re-encode after a worker crash. */
    bytes: ArrayBuffer | null;
    /**
     * While encoding: the new image as the model will see it, sent by the worker before inference
     * so the image panel can show it at once. Everything else (name, words, effects keyed on
     * `preview`) changes only when the encode is done. Meaningless unless status is 'encoding'.
     */
    incoming?: ImageRGBA | null;
  };
  /**
   * Encodes an image: a File as chosen (read in the worker, so the page does not wait on the read)
   * or bytes (copied: the caller keeps its buffer). Resolves once what follows the image has
   * followed it (the selection's words, the heatmap, PatchDis when in use): true when the image
   * is now shown, false when it failed or a newer image replaced it.
   */
  encodeImage(name: string, file: Blob | ArrayBuffer): Promise<boolean>;
}

export interface SelectionSlice {
  selection: {
    hovered: number | null;
    pinned: number | null;
    region: Region | null;
  };
  hoverPatch(index: number | null): void;
  togglePin(index: number): void;
  /** Moves the pinned patch (or pins the first one) by whole patches, clamped to the grid. */
  movePinned(dRow: number, dCol: number): void;
  selectRegion(region: Region | null): void;
  /**
   * The region under a drag that is still going on (null: none, back to the pin or the hovered
   * patch): its words show at once, and the pin stays until the drag ends in selectRegion.
   */
  previewRegion(region: Region | null): void;
  clearSelection(): void;
}

/**
 * Word lists made before the pointer asks for them (wordsAheadSlice.ts): they stand for the
 * `words` answers of the image, the rule and the whole-words switch they name, and for no other.
 */
export interface WordsAhead {
  imageId: number;
  sparsity: SparsifySpec;
  wholeWords: boolean;
  /** Every patch's list, by patch index; null until the worker answers. */
  patches: WordList[] | null;
  /**
   * Every region's with one corner at patch `anchor`, by the opposite corner's index; `complete`
   * false while only the nearest have come (the batch's first part; the others are holes).
   */
  regions: { anchor: number; lists: WordList[]; complete: boolean } | null;
}

export interface WordsAheadSlice {
  wordsAhead: WordsAhead | null;
  /**
   * Asks the worker for every patch's words under the current image, rule and switch; they go in
   * the store once `settled` has resolved too (the page's frame for the new words painted).
   */
  prefetchPatchWords(settled?: Promise<unknown>): Promise<void>;
  /** Asks for the words of every region a drag from patch `anchor` can select (on the press). */
  prefetchRegionWords(anchor: number): Promise<void>;
}

export interface WordsSlice {
  words: {
    target: PatchTarget | null;
    list: WordList | null;
    loading: boolean;
  };
  /** Asks the worker for the words of the current selection; older answers are dropped. */
  refreshWords(): Promise<void>;
}

export interface HeatmapSlice {
  heatmap: {
    word: number;
    label: string;
    values: Float32Array; // float32 [patches]
    min: number;
    max: number;
  } | null;
  showHeatmap(word: number): Promise<void>;
  clearHeatmap(): void;
}

export interface SparsitySlice {
  sparsity: SparsifySpec | null;
  setSparsity(spec: SparsifySpec): Promise<void>;
}

export interface Notice {
  id: number;
  level: 'error' | 'info';
  text: string;
  /** Validator findings or other detail lines. */
  details?: string[];
}

export interface NoticesSlice {
  notices: Notice[];
  notify(level: Notice['level'], text: string, details?: string[]): void;
  dismissNotice(id: number): void;
}

export interface RecoverySlice {
  /** Replays the model and image (the one being encoded, else the shown one) after the worker died and was replaced. */
  recoverFromCrash(message: string): Promise<void>;
  /**
   * Loads the model of `model.source` on `backend` into a fresh worker and re-encodes the image:
   * what a failed load after a worker restart does to keep the previous model usable.
   */
  restoreSession(backend: Backend, why: string): Promise<void>;
}
