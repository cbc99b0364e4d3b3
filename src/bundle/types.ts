/**
 * Bundle format v1: the public contract between the training job (train/) and the explorer.
 * Documented in docs/bundle-format.md; change both together, and bump BUNDLE_FORMAT_VERSION
 * for any change an older reader would misread.
 *
 * This module is pure: no DOM, no React, no onnxruntime. Node, the worker and tests share it.
 */

export const BUNDLE_FORMAT = 'lexvla-bundle' as const;
export const BUNDLE_FORMAT_VERSION = 1 as const;
export const MANIFEST_FILE = 'manifest.json';

export type BundleKind = 'lexical' | 'dense';
export type TensorDType = 'float32' | 'float16' | 'int64' | 'int32';

/** A path relative to the bundle root, using '/', never escaping it. */
export type BundlePath = string;

export interface TensorSpec {
  name: string;
  /** Concrete dimensions; a symbolic (dynamic) dimension is written as a string, e.g. "batch". */
  shape: Array<number | string>;
  dtype: TensorDType;
}

export interface OnnxModelSpec {
  /** The .onnx graph file. */
  file: BundlePath;
  /** External-data weight files the graph references (needed for models over 2 GB). */
  externalData?: BundlePath[];
  /** Precision of the stored weights; inputs and outputs stay float32 in both cases. */
  weights: 'fp32' | 'fp16';
}

export interface PreprocessSpec {
  /** Model input [height, width] in pixels. */
  inputSize: [number, number];
  /** Square patch side in pixels (14 for DINOv2). */
  patchSize: number;
  /** Patch grid [rows, cols] = inputSize / patchSize. */
  grid: [number, number];
  /** Resize so that the shorter side equals `shortestEdge`, keeping aspect ratio. */
  resize: { shortestEdge: number; filter: 'bilinear' | 'nearest' };
  /** 'center': crop inputSize from the middle after resizing. */
  crop: 'center';
  /** Colour used under transparent pixels, 0..255 RGB. */
  background: [number, number, number];
  /** Pixel values are first scaled by this (1/255 maps bytes to [0, 1]). */
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: 'RGB' | 'BGR';
  layout: 'NCHW';
}

/**
 * Vision outputs. For lexical bundles `patch` holds ELU1p scores (>0, not normalised),
 * float32 [1, patches, V]; or `patchTopK` holds an on-graph top-k of them. For dense bundles
 * `patch` holds patch embeddings in the joint space, float32 [1, patches, D].
 * `global` (optional) is the model's own global vector, float32 [1, V] or [1, D], L2-normalised.
 */
export interface VisionSpec extends OnnxModelSpec {
  input: TensorSpec;
  outputs: {
    patch?: TensorSpec;
    patchTopK?: { values: TensorSpec; indices: TensorSpec; k: number };
    global?: TensorSpec;
  };
  /**
   * Optional: other graphs computing the same outputs from the same input, faster and
   * approximately (e.g. int8 MatMuls). A reader that ignores them runs `file`, the exact graph.
   */
  variants?: VisionVariantSpec[];
}

/** A variant of the vision graph: same `input` and `outputs` as the VisionSpec it belongs to. */
export interface VisionVariantSpec {
  /** Unique among the variants, not "exact"; [a-z0-9._-], as the page URL's `?variant=` names it. */
  name: string;
  file: BundlePath;
  externalData?: BundlePath[];
  /** 'int8': MatMul weights stored as 8-bit integers and multiplied with integer kernels. */
  weights: 'fp32' | 'fp16' | 'int8';
  /** What was approximated, in words (shown in the model panel). */
  note?: string;
}

export interface SparsifySpec {
  /** Keep entries strictly above this value of the L2-normalised vector. Default 1/sqrt(V). */
  threshold: number;
  /** Optional: keep at most this many entries (the paper's "512" variant). null = no cap. */
  topK: number | null;
}

export interface VocabularySpec {
  /** JSON file: { "words": string[V], "tokenIds": number[V] } (Llama-2 token id of each entry). */
  file: BundlePath;
  size: number;
  /** How the vocabulary was made, e.g. "llama2-filter-v1". */
  rule: string;
}

export type TextSpec =
  | {
      mode: 'onnx';
      model: OnnxModelSpec & {
        inputs: { ids: TensorSpec; mask?: TensorSpec };
        output: TensorSpec;
      };
      /** Hugging Face tokenizers JSON. */
      tokenizer: BundlePath;
      maxLength: number;
    }
  | {
      mode: 'precomputed';
      /** JSON: { "texts": string[], "vectors": SparseVectorJson[] | number[][] }. */
      file: BundlePath;
      /** Tokenizer for the free-text fallback (vocabulary lookup). */
      tokenizer?: BundlePath;
    }
  | {
      mode: 'lookup';
      tokenizer: BundlePath;
    };

/** Sparse vector on disk: parallel arrays, indices ascending. */
export interface SparseVectorJson {
  indices: number[];
  values: number[];
}

/**
 * A dense bundle's text embedding of every word of a vocabulary (docs/bundle-format.md, "Word
 * embeddings"): what lets the explorer read a dense model's patches as their nearest words.
 * Optional; without it the explorer computes the same table with the text graph when asked.
 */
export interface WordEmbeddingsSpec {
  /** Binary file: the [V, D] table, row-major, little-endian, stored as `dtype` (layout per `scale`). */
  file: BundlePath;
  /** The words, one per row: a vocabulary JSON ({ words, tokenIds }, as vocabulary.file of a lexical bundle). */
  vocabulary: VocabularySpec;
  /** [V, D]: V = vocabulary.size, D = embeddingDim. */
  shape: [number, number];
  /**
   * 'float16': V x D halves. 'int8': V x D signed bytes, value = byte x scale, the scales
   * (float32) stored first: one per row ('row') or one for the whole table ('global').
   */
  dtype: 'float16' | 'int8';
  /** Required with int8, absent with float16. */
  scale?: 'row' | 'global';
  /**
   * What the text graph was given for each word: a text with "{word}" where the word goes
   * (tokenised as text), or exactly "{token}": the word's own token id (vocabulary tokenIds)
   * after the tokenizer's leading special tokens, unspelled.
   */
  template: string;
}

export interface GallerySpec {
  /** JSON index: GalleryIndexJson. */
  index: BundlePath;
  size: number;
}

export interface EvalSpec {
  /** An evaluation-set folder inside the bundle (docs/eval-set-format.md). */
  dir: BundlePath;
  classes: number;
  images: number;
}

/**
 * What the model was trained on (optional). A reader that ignores it shows correct results; the
 * explorer uses it to offer views that only make sense in the training domain: `dataset`
 * "emojiscenes" (data/emojiscenes) turns on the scene composer, which draws scenes of
 * `imageSize` from `classes`. Documented in docs/bundle-format.md, "trainedOn".
 */
export interface TrainedOnSpec {
  /** The training data's name, e.g. "emojiscenes" or "CC-12M". */
  dataset: string;
  /** [height, width] of the training images before preprocessing. Required for "emojiscenes". */
  imageSize?: [number, number];
  /**
   * The classes the training images were made of, in mask-value order (mask value k is
   * classes[k-1], as in an evaluation set), each with its emoji's code points ("1F415",
   * "2708-FE0F": upper-case hexadecimal joined by "-"). Required for "emojiscenes".
   */
  classes?: Array<{ name: string; emoji: string }>;
}

/** The dataset name that turns on the scene composer. */
export const EMOJISCENES = 'emojiscenes';

export interface Provenance {
  trainedBy: string;
  data: string;
  command: string;
  commit: string;
  date: string;
  metrics?: Record<string, number>;
  notes?: string;
}

export interface BundleFileEntry {
  path: BundlePath;
  bytes: number;
  /** Optional: the file's SHA-256, 64 lowercase hex digits (src/bundle/integrity.ts). */
  sha256?: string;
}

export interface ManifestV1 {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  name: string;
  description: string;
  kind: BundleKind;
  preprocess: PreprocessSpec;
  vision: VisionSpec;
  /** Required when kind === 'lexical'. */
  vocabulary?: VocabularySpec;
  /** Required when kind === 'lexical'. */
  sparsify?: SparsifySpec;
  /** Required when kind === 'dense': the joint-space width D. */
  embeddingDim?: number;
  text: TextSpec;
  /** Optional, dense bundles only: the text embedding of every word of a vocabulary. */
  wordEmbeddings?: WordEmbeddingsSpec;
  gallery?: GallerySpec;
  eval?: EvalSpec;
  trainedOn?: TrainedOnSpec;
  provenance: Provenance;
  /** Every file of the bundle with its size: used for download progress and size display. */
  files: BundleFileEntry[];
}

export type Manifest = ManifestV1;

/** A problem found by the validator: which file, which field, what was found, what was expected. */
export interface BundleIssue {
  file: string;
  field: string;
  found: string;
  expected: string;
  message: string;
}

/** gallery/index.json */
export interface GalleryIndexJson {
  format: 'lexvla-gallery';
  version: 1;
  items: Array<{
    id: string;
    /** Image file, relative to the bundle root. */
    image: BundlePath;
    captions: string[];
  }>;
  /**
   * Precomputed vectors, one per item and one per caption (flattened in item order).
   * Lexical: SparseVectorJson (L2-normalised, sparsified with the manifest's rule).
   * Dense: number[D] (L2-normalised).
   */
  imageVectors: Array<SparseVectorJson | number[]>;
  captionVectors: Array<SparseVectorJson | number[]>;
}

/** evalset.json at the root of an evaluation-set folder (docs/eval-set-format.md). */
export interface EvalSetJson {
  format: 'lexvla-evalset';
  version: 1;
  name: string;
  /** Class names. Mask pixel value k (1..C) means classes[k-1]; 0 means background / no class. */
  classes: string[];
  items: Array<{
    id: string;
    image: string;
    /** Optional class-index mask PNG (8- or 16-bit grayscale), same size as the image. */
    mask?: string;
    captions: string[];
    /** Optional instance boxes in image pixels [x0, y0, x1, y1]; class is 1-based like the mask. */
    boxes?: Array<{ class: number; box: [number, number, number, number] }>;
  }>;
}
