/**
 * Vocabulary usage over the open gallery (the paper's Fig. 6): the pure statistics of
 * src/retrieval/vocab-usage.ts applied to the worker's Gallery, shaped into small messages.
 * The usage of a gallery is computed once (a WeakMap on the Gallery), since the word index
 * asks for it on every keystroke.
 */
import type { SparseVector } from '../lexical/sparse';
import type { Gallery } from '../retrieval/gallery';
import type { VocabUsageMsg, WordHitMsg, WordUsageMsg } from '../retrieval/messages';
import { findWords, overusedWords, vocabUsage, type VocabUsage, type WordUsage } from '../retrieval/vocab-usage';

/** The open gallery as the vocabulary views need it: lexical vectors and the model's words. */
export interface LexicalGallery {
  gallery: Gallery;
  name: string;
  words: readonly string[];
}

const cache = new WeakMap<Gallery, VocabUsage>();

function usageOf(g: LexicalGallery): VocabUsage {
  let u = cache.get(g.gallery);
  if (!u) {
    u = vocabUsage(g.gallery.imageVectors as SparseVector[], g.words.length);
    cache.set(g.gallery, u);
  }
  return u;
}

const msg = (w: WordUsage, words: readonly string[]): WordUsageMsg => ({ index: w.word, word: words[w.word] ?? `#${w.word}`, df: w.df, share: w.share, mean: w.mean, mass: w.mass });

export function galleryVocabUsage(g: LexicalGallery, minShare: number, limit: number): VocabUsageMsg {
  const u = usageOf(g);
  return {
    gallery: g.name,
    images: u.images,
    vocabSize: g.words.length,
    distinct: u.words.length,
    coverage: u.coverage,
    meanActive: u.meanActive,
    minShare,
    overused: overusedWords(u, minShare, Infinity).length,
    top: u.words.slice(0, Math.max(0, limit)).map((w) => msg(w, g.words)),
  };
}

/** Words matching `text`, in findWords' order, each with its usage (zeros when the gallery never uses it). */
export function findGalleryWords(g: LexicalGallery, text: string, limit: number): WordUsageMsg[] {
  const u = usageOf(g);
  const byWord = new Map(u.words.map((w) => [w.word, w]));
  return findWords(g.words, text, limit).map((i) => msg(byWord.get(i) ?? { word: i, df: 0, share: 0, mean: 0, mass: 0 }, g.words));
}

/**
 * The k images where `word` is strongest: the one-word query e_w on the gallery's own inverted
 * index (what whereWordFires does, without building a second index), keeping only images where
 * the word is active: the index fills short lists with score-0 documents.
 */
export function galleryWordImages(g: LexicalGallery, word: number, k: number): WordHitMsg[] {
  if (!Number.isInteger(word) || word < 0 || word >= g.words.length) {
    throw new RangeError(`wordImages: word ${word} is outside the vocabulary [0, ${g.words.length})`);
  }
  const q: SparseVector = { indices: Uint32Array.of(word), values: Float32Array.of(1) };
  return g.gallery
    .searchImages(q, k)
    .filter((h) => h.score > 0)
    .map((h) => ({ item: h.id, itemId: g.gallery.items[h.id].id, name: g.gallery.items[h.id].name, value: h.score }));
}
