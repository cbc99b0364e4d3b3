import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../lexical/sparse';
import { bruteForceSearch, InvertedIndex } from './inverted-index';
import { findWords, overusedWords, vocabUsage, whereWordFires } from './vocab-usage';

const sv = (pairs: Array<[number, number]>): SparseVector => ({
  indices: Uint32Array.from(pairs.map((p) => p[0])),
  values: Float32Array.from(pairs.map((p) => p[1])),
});
// Word 2 is in every image (the over-used one), word 0 in two, word 4 in one; 1 and 3 never.
const gallery = [sv([[2, 0.5], [0, 0.25]]), sv([[2, 0.75], [0, 0.5]]), sv([[2, 0.25], [4, 1]])];

describe('vocabUsage', () => {
  it('counts document frequency, mean value where active, mass and coverage', () => {
    const u = vocabUsage(gallery, 5);
    expect(u.images).toBe(3);
    expect(u.coverage).toBeCloseTo(3 / 5);
    expect(u.meanActive).toBeCloseTo(2);
    expect(u.words.map((w) => [w.word, w.df, w.share, w.mean, w.mass])).toEqual([
      [2, 3, 1, 0.5, 1.5],
      [0, 2, 2 / 3, 0.375, 0.75],
      [4, 1, 1 / 3, 1, 1],
    ]);
    expect(overusedWords(u, 0.7).map((w) => w.word)).toEqual([2]);
    expect(overusedWords(u, 0.5).map((w) => w.word)).toEqual([2, 0]);
  });
  it('names a word outside the vocabulary', () => {
    expect(() => vocabUsage([sv([[9, 1]])], 5)).toThrow('vocabUsage: image 0 has word 9, outside the vocabulary [0, 5)');
  });
});

describe('word index', () => {
  it('finds the images where a word fires most, as brute force does', () => {
    const index = new InvertedIndex();
    gallery.forEach((v, i) => index.add(i, v));
    expect(whereWordFires(index, 2, 2).map((h) => h.id)).toEqual([1, 0]);
    const q = sv([[0, 1]]);
    expect(whereWordFires(index, 0, 3)).toEqual(bruteForceSearch(gallery.map((v, id) => ({ id, v })), q, 3));
  });
  it('matches typed text exactly, then by prefix, then inside a word', () => {
    const words = ['cathedral', 'cat', 'bobcat', 'dog', 'Catalan'];
    expect(findWords(words, 'Cat')).toEqual([1, 0, 4, 2]);
    expect(findWords(words, '  ')).toEqual([]);
  });
});
