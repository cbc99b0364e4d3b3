/**
 * Recall@K over a captioned evaluation set: THE loop behind both `lexvla eval retrieval` and the
 * browser's evaluation panel, so the two report identical numbers for the same model and set.
 * The encoder is injected (the Engine under onnxruntime-node or -web, or a fake in tests).
 */
import type { EvalSetJson } from '../bundle/types';
import type { SparseVector } from '../lexical/sparse';
import type { RetrievalKind, RetrievalVector } from './gallery';
import { denseSearcher, retrievalRecall, sparseSearcher, type RecallResult } from './recall';

export interface RetrievalEncoder {
  kind: RetrievalKind;
  /** The image's global retrieval vector (lexical: sparsified under the current rule). */
  encodeImage(bytes: Uint8Array, name: string): Promise<RetrievalVector>;
  encodeText(text: string): Promise<RetrievalVector>;
}

export interface EvaluateOptions {
  ks?: number[];
  /** After each item: items done, items in all, the item's image path. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Checked between items; an aborted run rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * An encoder that gives every item under several settings at once (the sparsity sweep encodes
 * each image and caption once and re-sparsifies it per setting): one vector per setting.
 */
export interface MultiRetrievalEncoder {
  kind: RetrievalKind;
  settings: number;
  encodeImage(bytes: Uint8Array, name: string): Promise<RetrievalVector[]>;
  encodeText(text: string): Promise<RetrievalVector[]>;
}

/** `read(path)`: an item's image bytes, by its path relative to the evaluation set's folder. */
export async function evaluateRetrieval(
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  encoder: RetrievalEncoder,
  opts: EvaluateOptions = {},
): Promise<RecallResult> {
  const single: MultiRetrievalEncoder = {
    kind: encoder.kind,
    settings: 1,
    encodeImage: async (bytes, name) => [await encoder.encodeImage(bytes, name)],
    encodeText: async (text) => [await encoder.encodeText(text)],
  };
  const [r] = await evaluateRetrievalMulti(set, read, single, opts);
  return r;
}

/** THE loop: recall@K per setting, each computed exactly as evaluateRetrieval would at that setting. */
export async function evaluateRetrievalMulti(
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  encoder: MultiRetrievalEncoder,
  opts: EvaluateOptions = {},
): Promise<RecallResult[]> {
  const S = encoder.settings;
  const images: RetrievalVector[][] = Array.from({ length: S }, () => []); // [setting][image]
  const captions: RetrievalVector[][] = Array.from({ length: S }, () => []); // [setting][caption]
  const captionToImage: number[] = [];
  const put = (into: RetrievalVector[][], vs: RetrievalVector[], what: string) => {
    if (vs.length !== S) throw new RangeError(`evaluateRetrieval: the encoder gave ${vs.length} vectors for ${what}, expected one per setting (${S})`);
    vs.forEach((v, s) => into[s].push(v));
  };
  for (const [i, item] of set.items.entries()) {
    opts.signal?.throwIfAborted();
    put(images, await encoder.encodeImage(await read(item.image), item.image), item.image);
    for (const c of item.captions) {
      put(captions, await encoder.encodeText(c), `"${c}"`);
      captionToImage.push(i);
    }
    opts.onProgress?.(i + 1, set.items.length, item.image);
  }
  const ks = opts.ks ?? [1, 5, 10];
  return images.map((imgs, s) =>
    encoder.kind === 'lexical'
      ? retrievalRecall(imgs as SparseVector[], captions[s] as SparseVector[], captionToImage, ks, sparseSearcher)
      : retrievalRecall(imgs as Float32Array[], captions[s] as Float32Array[], captionToImage, ks, denseSearcher),
  );
}
