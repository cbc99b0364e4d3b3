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

/** `read(path)`: an item's image bytes, by its path relative to the evaluation set's folder. */
export async function evaluateRetrieval(
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  encoder: RetrievalEncoder,
  opts: EvaluateOptions = {},
): Promise<RecallResult> {
  const images: RetrievalVector[] = [];
  const captions: RetrievalVector[] = [];
  const captionToImage: number[] = [];
  for (const [i, item] of set.items.entries()) {
    opts.signal?.throwIfAborted();
    images.push(await encoder.encodeImage(await read(item.image), item.image));
    for (const c of item.captions) {
      captions.push(await encoder.encodeText(c));
      captionToImage.push(i);
    }
    opts.onProgress?.(i + 1, set.items.length, item.image);
  }
  const ks = opts.ks ?? [1, 5, 10];
  return encoder.kind === 'lexical'
    ? retrievalRecall(images as SparseVector[], captions as SparseVector[], captionToImage, ks, sparseSearcher)
    : retrievalRecall(images as Float32Array[], captions as Float32Array[], captionToImage, ks, denseSearcher);
}
