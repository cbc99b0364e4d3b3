/**
 * Typed messages between the main thread (src/worker/client.ts) and the inference worker
 * (src/worker/worker.ts). Heavy data (sessions, the [patches, V] score matrix) never crosses:
 * the worker answers with small results (top words, one heatmap row).
 * Every request carries an id; every failure comes back as an `error` with that id.
 * One table, REQUESTS, declares every request and its answer; everything else is derived from it.
 */
import type { BundleSourceMsg, EvalSourceMsg } from '../bundle/source-msg';
import type { SparsifySpec } from '../bundle/types';
import type { VariantChoice } from '../bundle/vision-graphs';
import type { IoUResult } from '../lexical/iou';
import type { WordList } from '../lexical/word-list';
import type { BackendChoice } from '../model/backend';
import type { ImageRGBA, StageTimings } from '../model/encode';
import type { WorkerError } from '../model/errors';
import type { ModelInfo } from '../model/info';
import type { PatchTarget, WordHeatmap } from '../model/word-views';
import type { DatasetResult } from '../patchdis/dataset';
import type { SweepSpec, SweepTable } from '../retrieval/sweep';
import { row, type NoFields } from './request-table';
import { RETRIEVAL_REQUESTS } from './retrieval-protocol';
import { WORDS_REQUESTS } from './words-protocol';

/** An encode's timings as the worker answers them: the engine's stages and reading the file. */
export interface EncodeTimings extends StageTimings {
  /** Reading the chosen file's bytes, in the worker (a File posted as it is: the page never waits on it). */
  read: number;
}

/** A text query on the current image: its vector's words and its relevance on every patch. */
export interface TextQueryResult {
  text: string;
  kind: 'lexical' | 'dense';
  via: 'onnx' | 'lookup' | 'precomputed';
  /** Lookup: the vocabulary words the query became, and the tokens that are not vocabulary words. */
  used: string[];
  dropped: string[];
  /** The query's own lexical vector, strongest first (empty for dense bundles). */
  words: WordList;
  /** float32 [patches]: <normalised v_p, t> (lexical) or cosine(patch, text) (dense). */
  relevance: Float32Array;
  min: number;
  max: number;
  /** Worker time from text to relevance, in ms. */
  ms: number;
}

/** PatchDis on the current image. Labels: -1 background, c = classes[c]. */
export interface PatchDisImageResult {
  classes: string[];
  /** Per class, the vocabulary words used and the tokens dropped (lookup mode; else empty). */
  classWords: Array<{ used: string[]; dropped: string[] }>;
  threshold: number;
  thresholdRule: string;
  labels: Int32Array; // int32 [patches]
  /** Ground truth at patch resolution, when a mask was given. */
  gt: Int32Array | null; // int32 [patches]
  maskName: string | null;
  iou: IoUResult | null;
  ms: number;
}

/** The answer to encodeImage. */
interface ImageEncoded {
  type: 'imageEncoded';
  name: string;
  original: { width: number; height: number };
  /** What the model saw: the preprocessed crop, before normalisation. */
  preview: ImageRGBA;
  /** Where that crop lies in the image, in original pixels (for overlays drawn on the image itself). */
  crop: { x: number; y: number; width: number; height: number };
  global: WordList;
  timings: EncodeTimings;
  /** Names this image in `wordsAhead` requests. */
  imageId: number;
  /** The image file's bytes, read in the worker and handed back (transferred). */
  bytes: ArrayBuffer;
}

/**
 * Every request the worker answers, with its fields and its answer: the request and answer
 * unions below, the client's answer types, the worker's check of incoming types and the
 * handlers' table (handlers.ts) all come from it. A new request is a new row here (and the
 * handler that the handlers' table then asks for).
 */
export const REQUESTS = {
  /** `variant`: which vision graph to run, "auto" when absent (src/bundle/vision-graphs.ts). */
  loadBundle: row<{ source: BundleSourceMsg; backend: BackendChoice; variant?: VariantChoice }, { type: 'bundleLoaded'; info: ModelInfo }>(),
  /**
   * `source`: the file itself (a File or Blob, read in the worker) or its bytes (transferred).
   * The answer hands the bytes back (transferred), so the page keeps them without reading the file.
   */
  encodeImage: row<{ name: string; source: Blob | ArrayBuffer; topN: number; wholeWords?: boolean }, ImageEncoded>(),
  /**
   * `wholeWords` (here, on encodeImage and on setSparsify): answer with word pieces read as words
   * (src/worker/whole-words.ts), a WholeWordList (src/lexical/whole-word-list.ts) in place of the WordList.
   */
  words: row<{ target: PatchTarget; topN: number; wholeWords?: boolean }, { type: 'words'; target: PatchTarget; words: WordList }>(),
  /**
   * The word lists of every patch (`anchor` null), or of every region with one corner at patch
   * `anchor` (by the opposite corner's index), each what `words` answers for that target: the page
   * asks for them after an encode, a rule change or a drag's first press, so that a hover finds its
   * words at once. `lists` is null when the worker's image is no longer `imageId` or its rule is
   * not `rule` (the page's, which it sends the worker first): lists made under another rule
   * would show the wrong words. A region batch sends its nearest regions first, as a
   * 'wordsAheadPart' (WordsAheadPart), before the answer.
   */
  wordsAhead: row<
    { imageId: number; rule: SparsifySpec; anchor: number | null; topN: number; wholeWords?: boolean },
    { type: 'wordsAhead'; imageId: number; anchor: number | null; lists: WordList[] | null }
  >(),
  setSparsify: row<{ sparsify: SparsifySpec; topN: number; wholeWords?: boolean }, { type: 'sparsifySet'; global: WordList | null }>(),
  /** Score of one vocabulary word on every patch: float32 [patches]; from V up, a whole word's merged value. */
  wordHeatmap: row<{ word: number }, { type: 'wordHeatmap' } & WordHeatmap>(),
  /**
   * The page saw input just now (src/app/activityNotices.ts): work nobody waits for, the bundle's
   * offline copy, waits until the page has been still for a moment (user-activity.ts).
   */
  userActive: row<NoFields, { type: 'activityNoted' }>(),
  listCache: row<NoFields, { type: 'cacheList'; entries: Array<{ key: string; name: string; bytes: number }> }>(),
  clearCache: row<NoFields, { type: 'cacheCleared' }>(),
  textQuery: row<{ text: string; topN: number }, { type: 'textQueried'; result: TextQueryResult }>(),
  /**
   * Open the text side now (the user is typing a query): Engine.prepareText. The answer's ms is
   * what it took (0: already prepared, or it failed: the query itself will say why).
   */
  prepareText: row<NoFields, { type: 'textPrepared'; ms: number }>(),
  /**
   * Compute these class names' text vectors in the background, ahead of PatchDis (prepareClasses).
   * `ran`: names the text graph ran for (0 when all were ready, or a newer list took over).
   */
  prepareClasses: row<{ classes: string[] }, { type: 'classesPrepared'; ran: number; ms: number }>(),
  /** threshold null: the documented default (src/lexical/background.ts). */
  patchDisImage: row<
    { classes: string[]; threshold: number | null; mask: { name: string; bytes: ArrayBuffer } | null },
    { type: 'patchDisImaged'; result: PatchDisImageResult }
  >(),
  evalSetInfo: row<
    { source: EvalSourceMsg },
    { type: 'evalSetLoaded'; name: string; classes: string[]; items: Array<{ id: string; image: string; mask: string | null }> }
  >(),
  /** Progress comes as 'progress' with phase 'patchdis' (counts are images, not bytes). */
  patchDisDataset: row<{ source: EvalSourceMsg; threshold: number | null; job: number }, { type: 'patchDisDatasetDone'; result: DatasetResult }>(),
  /** Stops the running patchDisDataset with this `job` token; that request then fails with code 'cancelled'. */
  cancelJob: row<{ job: number }, { type: 'jobCancelled'; job: number; found: boolean }>(),
  /** Recall@K and PatchDis mIoU per sparsity setting (the paper's Fig. 5); progress phase 'encode'; cancel with cancelJob. */
  sparsitySweep: row<{ source: EvalSourceMsg; spec: SweepSpec; job: number }, { type: 'sweepDone'; table: SweepTable }>(),
  /** Galleries, retrieval, recall, export and vocabulary usage: retrieval-protocol.ts. */
  ...RETRIEVAL_REQUESTS,
  /** Words per patch, a word's heatmap by its text, a dense model's word table: words-protocol.ts. */
  ...WORDS_REQUESTS,
};

type Table = typeof REQUESTS;
export type RequestType = keyof Table;
/** A request's own fields, besides id and type. */
export type FieldsOf<T extends RequestType> = NonNullable<Table[T]['fields']>;
/** Request `T` as posted. */
export type RequestOf<T extends RequestType> = { id: number; type: T } & FieldsOf<T>;
export type Request = { [T in RequestType]: RequestOf<T> }[RequestType];
/** The answer that resolves request `T`, less its id. */
export type AnswerOf<T extends RequestType> = NonNullable<Table[T]['answer']>;

/** Counts are bytes ('download'), images ('encode', 'patchdis'), class names encoded ('classes') or words embedded ('words'). */
export interface Progress {
  id: number;
  type: 'progress';
  phase: 'download' | 'session' | 'encode' | 'patchdis' | 'classes' | 'words';
  loadedBytes: number;
  totalBytes: number;
  label: string;
}

/**
 * Sent during an encodeImage request as soon as the image is preprocessed, before inference:
 * the page shows the new image while the model runs. The final 'imageEncoded' carries the same.
 */
export interface ImagePreview {
  id: number;
  type: 'imagePreview';
  name: string;
  original: { width: number; height: number };
  preview: ImageRGBA;
}

/**
 * Sent during a wordsAhead request for regions, once the regions nearest the anchor are made
 * (src/worker/words-ahead.ts): [opposite corner's patch index, list] pairs. The answer holds them too.
 */
export interface WordsAheadPart {
  id: number;
  type: 'wordsAheadPart';
  lists: Array<[number, WordList]>;
}

export type Response =
  | Progress
  | ImagePreview
  | WordsAheadPart
  | { [T in RequestType]: { id: number } & AnswerOf<T> }[RequestType]
  | { id: number; type: 'error'; error: WorkerError };

/** How the worker sends: progress and previews as they come, answers, errors. */
export type Post = (msg: Response, transfer?: Transferable[]) => void;
/** Sends request `T`'s answer (its id added), transferring `transfer`. */
export type Reply<T extends RequestType> = (answer: AnswerOf<T>, transfer?: Transferable[]) => void;
/** What the worker does with request `T`: replies once, after any progress it posts. */
export type Handler<T extends RequestType> = (msg: RequestOf<T>, reply: Reply<T>, post: Post) => Promise<void> | void;
/** One handler per request type: a row added to REQUESTS and handled nowhere does not compile. */
export type Handlers<T extends RequestType = RequestType> = { [K in T]: Handler<K> };
