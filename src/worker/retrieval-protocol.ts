/**
 * Worker messages for galleries, retrieval, recall evaluation and index export.
 * Kept beside protocol.ts, which unions them into Request and Response. Vectors never cross:
 * answers are hits with scores, a few explaining words, and image bytes on demand.
 */
import type { SparsifySpec } from '../bundle/types';
import type { RecallResult } from '../retrieval/recall';
import type { ExportFormat } from '../retrieval/export';
import type { EvalSourceMsg, WordList } from './protocol';
import { VOCAB_REQUEST_TYPES, type VocabAnswerOf, type VocabRequest, type VocabResponse } from './vocab-protocol';

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

export type RetrievalRequest =
  | { id: number; type: 'galleryOpen'; source: { kind: 'bundle' } | { kind: 'stored'; key: string } }
  /** Encodes every image in `files` (progress: phase 'encode', counts are images); cancellable by `job`. */
  | { id: number; type: 'galleryIndex'; job: string; name: string; files: Array<{ name: string; file: Blob }> }
  | { id: number; type: 'galleryList' }
  | { id: number; type: 'galleryRemove'; key: string }
  /** The original bytes of one gallery item (for thumbnails and for opening it in the inspector). */
  | { id: number; type: 'galleryImage'; item: number }
  | { id: number; type: 'retrievalSearch'; query: RetrievalQueryMsg; target: RetrievalTarget; k: number; explain: number }
  /** Recall@1/5/10 both ways over a captioned evaluation set; cancellable by `job`. */
  | { id: number; type: 'retrievalEval'; job: string; source: EvalSourceMsg }
  /** Stops a galleryIndex or retrievalEval; that request then fails with code 'cancelled'. */
  | { id: number; type: 'retrievalCancel'; job: string }
  | { id: number; type: 'indexExport'; format: ExportFormat }
  /** Vocabulary usage over the open gallery: vocab-protocol.ts. */
  | VocabRequest;

export type RetrievalResponse =
  | { id: number; type: 'galleryOpened'; gallery: GalleryInfo }
  | { id: number; type: 'galleryListed'; entries: StoredGalleryInfo[] }
  | { id: number; type: 'galleryRemoved'; key: string }
  | { id: number; type: 'galleryImaged'; item: number; name: string; bytes: ArrayBuffer }
  | { id: number; type: 'retrievalResults'; result: RetrievalResultMsg }
  | { id: number; type: 'retrievalEvaluated'; evalSet: string; textMode: string; result: RecallResult }
  | { id: number; type: 'retrievalCancelled'; job: string; found: boolean }
  | { id: number; type: 'indexExported'; files: Array<{ name: string; mime: string; text: string }> }
  | VocabResponse;

/** The answer type of each retrieval request (merged into client.ts's AnswerOf). */
export interface RetrievalAnswerOf extends VocabAnswerOf {
  galleryOpen: 'galleryOpened';
  galleryIndex: 'galleryOpened';
  galleryList: 'galleryListed';
  galleryRemove: 'galleryRemoved';
  galleryImage: 'galleryImaged';
  retrievalSearch: 'retrievalResults';
  retrievalEval: 'retrievalEvaluated';
  retrievalCancel: 'retrievalCancelled';
  indexExport: 'indexExported';
}

export const RETRIEVAL_REQUEST_TYPES: ReadonlyArray<RetrievalRequest['type']> = [
  'galleryOpen', 'galleryIndex', 'galleryList', 'galleryRemove', 'galleryImage',
  'retrievalSearch', 'retrievalEval', 'retrievalCancel', 'indexExport',
  ...VOCAB_REQUEST_TYPES,
];
