/**
 * Vocabulary usage over a gallery (the paper's Fig. 6): how often each word is
 * active (document frequency) and how strongly (mean value where active), the most over-used
 * words, and where one word fires most (a one-word query on the inverted index). Pure.
 */
import type { SparseVector } from '../lexical/sparse';
import { InvertedIndex, type Hit } from './inverted-index';

export interface WordUsage {
  word: number;
  /** Images where the word is active. */
  df: number;
  /** df / images. */
  share: number;
  /** Mean value over the images where it is active. */
  mean: number;
  /** Sum of its values over all images: the mass the overuse penalty pushes down. */
  mass: number;
}

export interface VocabUsage {
  images: number;
  /** Words active in at least one image, most frequent first (ties: more mass, then lower index). */
  words: WordUsage[];
  /** Distinct words used anywhere / vocabulary size. */
  coverage: number;
  /** Mean active words per image. */
  meanActive: number;
}

export function vocabUsage(vectors: readonly SparseVector[], vocabSize: number): VocabUsage {
  const df = new Uint32Array(vocabSize);
  const mass = new Float64Array(vocabSize);
  let active = 0;
  vectors.forEach((v, i) => {
    active += v.indices.length;
    for (let j = 0; j < v.indices.length; j++) {
      const w = v.indices[j];
      if (w >= vocabSize) throw new RangeError(`vocabUsage: image ${i} has word ${w}, outside the vocabulary [0, ${vocabSize})`);
      df[w]++;
      mass[w] += v.values[j];
    }
  });
  const n = vectors.length;
  const words: WordUsage[] = [];
  for (let w = 0; w < vocabSize; w++) {
    if (df[w] > 0) words.push({ word: w, df: df[w], share: df[w] / n, mean: mass[w] / df[w], mass: mass[w] });
  }
  words.sort((a, b) => b.df - a.df || b.mass - a.mass || a.word - b.word);
  return { images: n, words, coverage: vocabSize > 0 ? words.length / vocabSize : 0, meanActive: n > 0 ? active / n : 0 };
}

/** Over-used words: active in more than `minShare` of the images, most frequent first. */
export function overusedWords(u: VocabUsage, minShare = 0.5, limit = 20): WordUsage[] {
  return u.words.filter((w) => w.share > minShare).slice(0, limit);
}

/** The k images where one word fires most: the one-word query e_w on the inverted index. */
export function whereWordFires(index: InvertedIndex, word: number, k: number): Hit[] {
  return index.search({ indices: Uint32Array.of(word), values: Float32Array.of(1) }, k);
}

/** Vocabulary entries matching what the user typed: exact match first, then prefix, then substring. */
export function findWords(words: readonly string[], typed: string, limit = 20): number[] {
  const t = typed.trim().toLowerCase();
  if (t === '') return [];
  const exact: number[] = [];
  const prefix: number[] = [];
  const inside: number[] = [];
  words.forEach((w, i) => {
    const l = w.toLowerCase();
    if (l === t) exact.push(i);
    else if (l.startsWith(t)) prefix.push(i);
    else if (l.includes(t)) inside.push(i);
  });
  return [...exact, ...prefix, ...inside].slice(0, limit);
}
