/**
 * Worker messages for galleries, retrieval, recall evaluation and index export.
 * Kept beside protocol.ts, which unions them into Request and Response. Vectors never cross:
 * answers are hits with scores, a few explaining words, and image bytes on demand.
 */
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { ExportFormat } from '../retrieval/export';
import type { GalleryInfo, RetrievalQueryMsg, RetrievalResultMsg, RetrievalTarget, StoredGalleryInfo } from '../retrieval/messages';
import type { RecallResult } from '../retrieval/recall';
import { VOCAB_REQUEST_TYPES, type VocabAnswerOf, type VocabRequest, type VocabResponse } from './vocab-protocol';

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
