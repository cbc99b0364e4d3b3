/** The retrieval slice's state: small results and ids; vectors stay in the worker. */
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { GalleryInfo, RetrievalQueryMsg, RetrievalResultMsg, RetrievalTarget, StoredGalleryInfo } from '../retrieval/messages';
import type { RecallResult } from '../retrieval/recall';
import type { ExportFormat } from '../retrieval/export';

interface JobProgress {
  done: number;
  total: number;
  label: string;
}

export interface RetrievalState {
  gallery: GalleryInfo | null;
  stored: StoredGalleryInfo[];
  status: 'idle' | 'opening' | 'indexing' | 'ready';
  /** The running indexing job (cancellable) and how far it is. */
  job: string | null;
  progress: JobProgress | null;
  results: RetrievalResultMsg | null;
  searching: boolean;
  evaluation: {
    status: 'idle' | 'running' | 'done';
    job: string | null;
    progress: JobProgress | null;
    evalSet: string | null;
    textMode: string | null;
    result: RecallResult | null;
  };
}

export interface RetrievalSlice {
  retrieval: RetrievalState;
  openBundleGallery(): Promise<void>;
  indexGalleryFolder(name: string, files: Array<{ name: string; file: Blob }>): Promise<void>;
  /** Stops the running indexing or evaluation job. */
  cancelRetrievalJob(which: 'index' | 'evaluation'): Promise<void>;
  refreshStoredGalleries(): Promise<void>;
  openStoredGallery(key: string): Promise<void>;
  removeStoredGallery(key: string): Promise<void>;
  searchGallery(query: RetrievalQueryMsg, target: RetrievalTarget): Promise<void>;
  /** Encodes gallery item `item` as the inspector's current image. */
  openGalleryItem(item: number): Promise<void>;
  /** A gallery item's bytes for a thumbnail (null when it failed; the failure is a notice). */
  galleryItemBytes(item: number): Promise<{ name: string; bytes: ArrayBuffer } | null>;
  evaluateRecall(source: EvalSourceMsg): Promise<void>;
  exportGalleryIndex(format: ExportFormat): Promise<Array<{ name: string; mime: string; text: string }> | null>;
  /** Forgets the gallery and results (a new model, or a restarted worker, has none open). */
  resetRetrieval(): void;
}
