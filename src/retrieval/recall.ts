/**
 * Recall@K for image-text retrieval (the paper's Fig. 5), for any vector type.
 * image -> text: a hit when any caption of the image is among the top K captions.
 * text -> image: a hit when the caption's own image is among the top K images.
 * Values are fractions in [0, 1] (multiply by 100 for the paper's percentages).
 */
import type { SparseVector } from '../lexical/sparse';
import { DenseIndex } from './dense-index';
import { InvertedIndex } from './inverted-index';

/** Builds a search over a corpus; the search returns corpus positions, best first. */
export type Searcher<T> = (corpus: T[]) => (query: T, k: number) => number[];

export interface RecallResult {
  /** K -> fraction of images with a caption in their top K. */
  i2t: Record<number, number>;
  /** K -> fraction of captions whose image is in their top K. */
  t2i: Record<number, number>;
  images: number;
  captions: number;
}

export const sparseSearcher: Searcher<SparseVector> = (corpus) => {
  const index = new InvertedIndex();
  corpus.forEach((v, i) => index.add(i, v));
  return (q, k) => index.search(q, k).map((h) => h.id);
};

export const denseSearcher: Searcher<Float32Array> = (corpus) => {
  const index = new DenseIndex(corpus.length > 0 ? corpus[0].length : 1);
  corpus.forEach((v, i) => index.add(i, v));
  return (q, k) => index.search(q, k).map((h) => h.id);
};

export function retrievalRecall<T>(
  imageVecs: T[],
  captionVecs: T[],
  captionToImage: number[],
  ks: number[] = [1, 5, 10],
  searcher: Searcher<T>,
): RecallResult {
  if (captionToImage.length !== captionVecs.length) {
    throw new RangeError(`retrievalRecall: captionToImage has ${captionToImage.length} entries, expected one per caption (${captionVecs.length})`);
  }
  captionToImage.forEach((img, c) => {
    if (!Number.isInteger(img) || img < 0 || img >= imageVecs.length) {
      throw new RangeError(`retrievalRecall: captionToImage[${c}] is ${img}, expected an image index in [0, ${imageVecs.length - 1}]`);
    }
  });
  const maxK = Math.max(...ks);
  // Rank of the first hit per query (Infinity: none within maxK); recall@K counts ranks < K.
  const i2tRanks: number[] = [];
  const searchCaptions = searcher(captionVecs);
  imageVecs.forEach((v, img) => {
    const ranked = searchCaptions(v, maxK);
    const r = ranked.findIndex((c) => captionToImage[c] === img);
    i2tRanks.push(r < 0 ? Infinity : r);
  });
  const t2iRanks: number[] = [];
  const searchImages = searcher(imageVecs);
  captionVecs.forEach((v, c) => {
    const r = searchImages(v, maxK).indexOf(captionToImage[c]);
    t2iRanks.push(r < 0 ? Infinity : r);
  });
  const recall = (ranks: number[]) =>
    Object.fromEntries(ks.map((k) => [k, ranks.length === 0 ? NaN : ranks.filter((r) => r < k).length / ranks.length]));
  return { i2t: recall(i2tRanks), t2i: recall(t2iRanks), images: imageVecs.length, captions: captionVecs.length };
}
