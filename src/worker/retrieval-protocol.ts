/**
 * Worker requests for galleries, retrieval, recall evaluation and index export: rows of the
 * request table, spread into protocol.ts's REQUESTS. Vectors never cross: answers are hits with
 * scores, a few explaining words, and image bytes on demand.
 */
import type { EvalSourceMsg } from '../bundle/source-msg';
import type { ExportFormat } from '../retrieval/export';
import type { GalleryInfo, RetrievalQueryMsg, RetrievalResultMsg, RetrievalTarget, StoredGalleryInfo } from '../retrieval/messages';
import type { RecallResult } from '../retrieval/recall';
import { row, type NoFields } from './request-table';
import { VOCAB_REQUESTS } from './vocab-protocol';

type GalleryOpened = { type: 'galleryOpened'; gallery: GalleryInfo };

export const RETRIEVAL_REQUESTS = {
  galleryOpen: row<{ source: { kind: 'bundle' } | { kind: 'stored'; key: string } }, GalleryOpened>(),
  /** Encodes every image in `files` (progress: phase 'encode', counts are images); cancellable by `job`. */
  galleryIndex: row<{ job: string; name: string; files: Array<{ name: string; file: Blob }> }, GalleryOpened>(),
  galleryList: row<NoFields, { type: 'galleryListed'; entries: StoredGalleryInfo[] }>(),
  galleryRemove: row<{ key: string }, { type: 'galleryRemoved'; key: string }>(),
  /** The original bytes of one gallery item (for thumbnails and for opening it in the inspector). */
  galleryImage: row<{ item: number }, { type: 'galleryImaged'; item: number; name: string; bytes: ArrayBuffer }>(),
  retrievalSearch: row<{ query: RetrievalQueryMsg; target: RetrievalTarget; k: number; explain: number }, { type: 'retrievalResults'; result: RetrievalResultMsg }>(),
  /** Recall@1/5/10 both ways over a captioned evaluation set; cancellable by `job`. */
  retrievalEval: row<{ job: string; source: EvalSourceMsg }, { type: 'retrievalEvaluated'; evalSet: string; textMode: string; result: RecallResult }>(),
  /** Stops a galleryIndex or retrievalEval; that request then fails with code 'cancelled'. */
  retrievalCancel: row<{ job: string }, { type: 'retrievalCancelled'; job: string; found: boolean }>(),
  indexExport: row<{ format: ExportFormat }, { type: 'indexExported'; files: Array<{ name: string; mime: string; text: string }> }>(),
  /** Vocabulary usage over the open gallery: vocab-protocol.ts. */
  ...VOCAB_REQUESTS,
};
