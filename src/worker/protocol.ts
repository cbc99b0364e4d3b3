/**
 * Typed messages between the main thread (src/worker/client.ts) and the inference worker
 * (src/worker/worker.ts). Heavy data (sessions, the [patches, V] score matrix) never crosses:
 * the worker answers with small results (top words, one heatmap row).
 * Every request carries an id; every failure comes back as an `error` with that id.
 */
import type { BundleSourceMsg, EvalSourceMsg } from '../bundle/source-msg';
import type { SparsifySpec } from '../bundle/types';
import type { IoUResult } from '../lexical/iou';
import type { WordList } from '../lexical/word-list';
import type { BackendChoice } from '../model/backend';
import type { ImageRGBA, StageTimings } from '../model/encode';
import type { WorkerError } from '../model/errors';
import type { ModelInfo } from '../model/info';
import type { PatchTarget } from '../model/word-views';
import type { DatasetResult } from '../patchdis/dataset';
import type { SweepSpec, SweepTable } from '../retrieval/sweep';
import type { RetrievalRequest, RetrievalResponse } from './retrieval-protocol';

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

export type Request =
  | { id: number; type: 'loadBundle'; source: BundleSourceMsg; backend: BackendChoice }
  /**
   * `source`: the file itself (a File or Blob, read in the worker) or its bytes (transferred).
   * The answer hands the bytes back (transferred), so the page keeps them without reading the file.
   */
  | { id: number; type: 'encodeImage'; name: string; source: Blob | ArrayBuffer; topN: number }
  | { id: number; type: 'words'; target: PatchTarget; topN: number }
  | { id: number; type: 'setSparsify'; sparsify: SparsifySpec; topN: number }
  /** Score of one vocabulary word on every patch: float32 [patches]. */
  | { id: number; type: 'wordHeatmap'; word: number }
  | { id: number; type: 'listCache' }
  | { id: number; type: 'clearCache' }
  | { id: number; type: 'textQuery'; text: string; topN: number }
  /** Open the text side now (the user is typing a query): Engine.prepareText. */
  | { id: number; type: 'prepareText' }
  /** Compute these class names' text vectors in the background, ahead of PatchDis (prepareClasses). */
  | { id: number; type: 'prepareClasses'; classes: string[] }
  /** threshold null: the documented default (src/lexical/background.ts). */
  | { id: number; type: 'patchDisImage'; classes: string[]; threshold: number | null; mask: { name: string; bytes: ArrayBuffer } | null }
  | { id: number; type: 'evalSetInfo'; source: EvalSourceMsg }
  /** Progress comes as 'progress' with phase 'patchdis' (counts are images, not bytes). */
  | { id: number; type: 'patchDisDataset'; source: EvalSourceMsg; threshold: number | null; job: number }
  /** Stops the running patchDisDataset with this `job` token; that request then fails with code 'cancelled'. */
  | { id: number; type: 'cancelJob'; job: number }
  /** Recall@K and PatchDis mIoU per sparsity setting (the paper's Fig. 5); progress phase 'encode'; cancel with cancelJob. */
  | { id: number; type: 'sparsitySweep'; source: EvalSourceMsg; spec: SweepSpec; job: number }
  /** Galleries, retrieval, recall and export: retrieval-protocol.ts. */
  | RetrievalRequest;

export type Response =
  /** Counts are bytes ('download'), images ('encode', 'patchdis') or class names encoded ('classes'). */
  | { id: number; type: 'progress'; phase: 'download' | 'session' | 'encode' | 'patchdis' | 'classes'; loadedBytes: number; totalBytes: number; label: string }
  /**
   * Sent during an encodeImage request as soon as the image is preprocessed, before inference:
   * the page shows the new image while the model runs. The final 'imageEncoded' carries the same.
   */
  | { id: number; type: 'imagePreview'; name: string; original: { width: number; height: number }; preview: ImageRGBA }
  | { id: number; type: 'bundleLoaded'; info: ModelInfo }
  | {
      id: number;
      type: 'imageEncoded';
      name: string;
      original: { width: number; height: number };
      /** What the model saw: the preprocessed crop, before normalisation. */
      preview: ImageRGBA;
      global: WordList;
      timings: EncodeTimings;
      /** The image file's bytes, read in the worker and handed back (transferred). */
      bytes: ArrayBuffer;
    }
  | { id: number; type: 'words'; target: PatchTarget; words: WordList }
  | { id: number; type: 'sparsifySet'; global: WordList | null }
  | { id: number; type: 'wordHeatmap'; word: number; label: string; values: Float32Array; min: number; max: number }
  | { id: number; type: 'cacheList'; entries: Array<{ key: string; name: string; bytes: number }> }
  | { id: number; type: 'cacheCleared' }
  | { id: number; type: 'textQueried'; result: TextQueryResult }
  /** ms it took (0: already prepared, or it failed: the query itself will say why). */
  | { id: number; type: 'textPrepared'; ms: number }
  /** `ran`: names the text graph ran for (0 when all were ready, or a newer list took over). */
  | { id: number; type: 'classesPrepared'; ran: number; ms: number }
  | { id: number; type: 'patchDisImaged'; result: PatchDisImageResult }
  | { id: number; type: 'evalSetLoaded'; name: string; classes: string[]; items: Array<{ id: string; image: string; mask: string | null }> }
  | { id: number; type: 'patchDisDatasetDone'; result: DatasetResult }
  | { id: number; type: 'jobCancelled'; job: number; found: boolean }
  | { id: number; type: 'sweepDone'; table: SweepTable }
  | RetrievalResponse
  | { id: number; type: 'error'; error: WorkerError };

export type RequestType = Request['type'];
