/**
 * Typed messages between the main thread (src/worker/client.ts) and the inference worker
 * (src/worker/worker.ts). Heavy data (sessions, the [patches, V] score matrix) never crosses:
 * the worker answers with small results (top words, one heatmap row).
 * Every request carries an id; every failure comes back as an `error` with that id.
 */
import type { BundleIssue, BundleKind, Provenance, SparsifySpec } from '../bundle/types';

export type BackendChoice = 'auto' | 'wasm' | 'webgpu';
export type Backend = 'wasm' | 'webgpu';

export type BundleSourceMsg =
  | { kind: 'url'; url: string }
  /** A folder chosen by the user: files with their paths relative to the bundle root. */
  | { kind: 'files'; files: Array<{ path: string; file: Blob }> }
  | { kind: 'zip'; name: string; file: Blob }
  /** A bundle stored by an earlier visit (Cache Storage / IndexedDB). */
  | { kind: 'cached'; key: string };

/** Which patches a query is about. Patch index = row * gridCols + col. */
export type PatchTarget =
  | { kind: 'global' }
  | { kind: 'patch'; index: number }
  /** Inclusive rectangle of patches, max-pooled as the paper does for regions. */
  | { kind: 'region'; r0: number; c0: number; r1: number; c1: number };

/** Top words of a sparse vector, strongest first. */
export interface WordList {
  /** Vocabulary indices. */
  indices: number[];
  words: string[];
  /** Values of the L2-normalised vector. */
  values: number[];
  /** Entries that survive the sparsification rule (may exceed the list's length). */
  activeCount: number;
}

export interface ModelInfo {
  key: string;
  name: string;
  description: string;
  kind: BundleKind;
  vocabSize: number | null;
  embeddingDim: number | null;
  backend: Backend;
  /** Why this backend: e.g. "auto: adapter is SwiftShader (software), using WASM". */
  backendReason: string;
  bundleBytes: number;
  inputSize: [number, number];
  grid: [number, number];
  sparsify: SparsifySpec | null;
  textMode: 'onnx' | 'precomputed' | 'lookup';
  hasGallery: boolean;
  hasEval: boolean;
  provenance: Provenance;
  /** true when loaded from the browser's cache rather than the network. */
  fromCache: boolean;
}

export interface StageTimings {
  decode: number;
  preprocess: number;
  inference: number;
  postprocess: number;
}

export interface ImageRGBA {
  width: number;
  height: number;
  /** RGBA bytes, row-major. */
  data: Uint8ClampedArray;
}

export type Request =
  | { id: number; type: 'loadBundle'; source: BundleSourceMsg; backend: BackendChoice }
  | { id: number; type: 'encodeImage'; name: string; bytes: ArrayBuffer; topN: number }
  | { id: number; type: 'words'; target: PatchTarget; topN: number }
  | { id: number; type: 'setSparsify'; sparsify: SparsifySpec; topN: number }
  /** Score of one vocabulary word on every patch: float32 [patches]. */
  | { id: number; type: 'wordHeatmap'; word: number }
  | { id: number; type: 'listCache' }
  | { id: number; type: 'clearCache' };

export type Response =
  | { id: number; type: 'progress'; phase: 'download' | 'session' | 'encode'; loadedBytes: number; totalBytes: number; label: string }
  | { id: number; type: 'bundleLoaded'; info: ModelInfo }
  | {
      id: number;
      type: 'imageEncoded';
      name: string;
      original: { width: number; height: number };
      /** What the model saw: the preprocessed crop, before normalisation. */
      preview: ImageRGBA;
      global: WordList;
      timings: StageTimings;
    }
  | { id: number; type: 'words'; target: PatchTarget; words: WordList }
  | { id: number; type: 'sparsifySet'; global: WordList | null }
  | { id: number; type: 'wordHeatmap'; word: number; label: string; values: Float32Array; min: number; max: number }
  | { id: number; type: 'cacheList'; entries: Array<{ key: string; name: string; bytes: number }> }
  | { id: number; type: 'cacheCleared' }
  | { id: number; type: 'error'; error: WorkerError };

export interface WorkerError {
  /** Stable code for tests and UI branching. */
  code:
    | 'bad-bundle'
    | 'bad-model'
    | 'bad-image'
    | 'no-model'
    | 'no-image'
    /** A word view was asked of a dense bundle, which has no vocabulary (hide word views). */
    | 'no-vocabulary'
    | 'network'
    | 'backend'
    | 'unknown-message'
    | 'internal';
  message: string;
  /** Validator findings, for bad-bundle. */
  issues?: BundleIssue[];
}

export type RequestType = Request['type'];
