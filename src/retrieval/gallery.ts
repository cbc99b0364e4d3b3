/**
 * A gallery: images (and their captions, when known) with one retrieval vector each, searchable
 * both ways. Lexical galleries use the inverted index (exact top-K), dense ones brute force.
 * Pure: the worker holds one, the CLI and tests build them directly.
 */
import type { SparseVector } from '../lexical/sparse';
import { DenseIndex } from './dense-index';
import { InvertedIndex, type Hit } from './inverted-index';

export type RetrievalKind = 'lexical' | 'dense';
/** A lexical vector (sparse, L2-normalised, sparsified) or a dense one (float32 [D], L2-normalised). */
export type RetrievalVector = SparseVector | Float32Array;

export interface GalleryItem {
  id: string;
  /** File name or bundle path, for display. */
  name: string;
  captions: string[];
}

type Index = { search(q: RetrievalVector, k: number): Hit[] };

export class Gallery {
  /** caption -> item, int32 [captions] (captions are flattened in item order). */
  readonly captionOwner: Int32Array;
  private images: Index | null = null;
  private captions: Index | null = null;

  constructor(
    readonly kind: RetrievalKind,
    readonly items: GalleryItem[],
    readonly imageVectors: RetrievalVector[],
    readonly captionVectors: RetrievalVector[],
  ) {
    if (imageVectors.length !== items.length) {
      throw new RangeError(`Gallery: ${imageVectors.length} image vectors for ${items.length} items, expected one per item`);
    }
    const nCaptions = items.reduce((s, it) => s + it.captions.length, 0);
    if (captionVectors.length !== 0 && captionVectors.length !== nCaptions) {
      throw new RangeError(`Gallery: ${captionVectors.length} caption vectors for ${nCaptions} captions, expected one per caption (or none)`);
    }
    this.captionOwner = new Int32Array(captionVectors.length);
    let c = 0;
    if (captionVectors.length > 0) items.forEach((it, i) => it.captions.forEach(() => (this.captionOwner[c++] = i)));
    for (const v of [...imageVectors, ...captionVectors]) {
      if ((kind === 'dense') !== v instanceof Float32Array) throw new TypeError(`Gallery: a ${kind} gallery holds ${kind === 'dense' ? 'Float32Array' : 'sparse'} vectors only`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** The k items whose image vector best matches q (hit id = item index), best first. */
  searchImages(q: RetrievalVector, k: number): Hit[] {
    this.images ??= this.build(this.imageVectors);
    return this.images.search(q, k);
  }

  /** The k captions that best match q (hit id = caption index; captionOwner maps it to its item). */
  searchCaptions(q: RetrievalVector, k: number): Hit[] {
    this.captions ??= this.build(this.captionVectors);
    return this.captions.search(q, k);
  }

  /** The caption's text, by flattened caption index. */
  captionText(c: number): string {
    const item = this.captionOwner[c];
    // Captions of one item are consecutive: count back to the item's first caption.
    let first = c;
    while (first > 0 && this.captionOwner[first - 1] === item) first--;
    return this.items[item].captions[c - first];
  }

  private build(vectors: RetrievalVector[]): Index {
    if (this.kind === 'lexical') {
      const index = new InvertedIndex();
      vectors.forEach((v, i) => index.add(i, v as SparseVector));
      return { search: (q, k) => index.search(q as SparseVector, k) };
    }
    const index = new DenseIndex(vectors.length > 0 ? (vectors[0] as Float32Array).length : 1);
    vectors.forEach((v, i) => index.add(i, v as Float32Array));
    return { search: (q, k) => index.search(q as Float32Array, k) };
  }
}
