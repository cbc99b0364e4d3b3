import { describe, expect, it } from 'vitest';
import { fixtureFiles, lexicalWithExtrasFixture } from '../bundle/fixtures';
import { sourceFromMemory } from '../bundle/source';
import type { SparseVector } from '../lexical/sparse';
import { Gallery } from '../retrieval/gallery';
import { memoryGalleryStore } from './gallery-store';
import { RetrievalService } from './retrieval-service';
import { findGalleryWords, galleryVocabUsage, galleryWordImages, type LexicalGallery } from './vocab-service';

const sv = (pairs: Array<[number, number]>): SparseVector => ({
  indices: Uint32Array.from(pairs.map((p) => p[0])),
  values: Float32Array.from(pairs.map((p) => p[1])),
});
const WORDS = ['dog', 'cat', 'the', 'doghouse', 'hotdog'];
// "the" (2) fires in all four images: the over-used word; "dog" in two; "hotdog" in one.
const vectors = [sv([[2, 0.5], [0, 0.75]]), sv([[2, 0.25]]), sv([[2, 0.5], [0, 0.25], [4, 1]]), sv([[2, 0.75]])];
const items = vectors.map((_, i) => ({ id: `i${i}`, name: `img/${i}.png`, captions: [] }));
const lex = (): LexicalGallery => ({ gallery: new Gallery('lexical', items, vectors, []), name: 'four', words: WORDS });

describe('vocabulary usage over a gallery', () => {
  it('reports coverage, mean active words and the most used words with their mean value', () => {
    const u = galleryVocabUsage(lex(), 0.5, 2);
    expect(u).toMatchObject({ gallery: 'four', images: 4, vocabSize: 5, distinct: 3, coverage: 3 / 5, meanActive: 7 / 4, minShare: 0.5, overused: 1 });
    expect(u.top.map((w) => [w.word, w.df, w.share, w.mean, w.mass])).toEqual([
      ['the', 4, 1, 0.5, 2],
      ['dog', 2, 0.5, 0.5, 1],
    ]);
  });

  it('finds typed words in the vocabulary with their usage, unused ones at zero', () => {
    expect(findGalleryWords(lex(), 'dog', 10).map((w) => [w.word, w.df, w.mean])).toEqual([
      ['dog', 2, 0.5],
      ['doghouse', 0, 0],
      ['hotdog', 1, 1],
    ]);
    expect(findGalleryWords(lex(), '  ', 10)).toEqual([]);
  });

  it('lists only the images where a word is active, strongest first', () => {
    expect(galleryWordImages(lex(), 0, 10)).toEqual([
      { item: 0, itemId: 'i0', name: 'img/0.png', value: 0.75 },
      { item: 2, itemId: 'i2', name: 'img/2.png', value: 0.25 },
    ]);
    expect(galleryWordImages(lex(), 2, 2).map((h) => h.item)).toEqual([3, 0]);
    expect(galleryWordImages(lex(), 3, 10)).toEqual([]);
    expect(() => galleryWordImages(lex(), 5, 3)).toThrow('wordImages: word 5 is outside the vocabulary [0, 5)');
  });

  it("reads the retrieval service's open lexical gallery", async () => {
    const b = lexicalWithExtrasFixture();
    const words = ['dog', 'cat', 'grass', 'sky', 'red'];
    const s = new RetrievalService(
      {
        manifest: () => b.manifest,
        source: () => sourceFromMemory('fixture', fixtureFiles(b)),
        encoder: () => { throw new Error('not used'); },
        currentImageVector: () => { throw new Error('not used'); },
        words: () => words,
        rule: () => null,
      },
      memoryGalleryStore(),
    );
    expect(() => s.lexicalActive()).toThrow(/No gallery is open/);
    await s.openBundle();
    const u = galleryVocabUsage(s.lexicalActive(), 0.5, 10);
    // a = {dog 0.8, grass 0.6}, b = {sky 0.6, red 0.8}: each word in one image of two.
    expect(u).toMatchObject({ images: 2, distinct: 4, coverage: 4 / 5, meanActive: 2, overused: 0 });
    expect(u.top.map((w) => w.word)).toEqual(['dog', 'red', 'grass', 'sky']);
    expect(galleryWordImages(s.lexicalActive(), 3, 5).map((h) => h.itemId)).toEqual(['b']);
  });
});
