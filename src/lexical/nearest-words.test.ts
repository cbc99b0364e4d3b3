import { describe, expect, it } from 'vitest';
import { meanRows, nearestWords, wordTable } from './nearest-words';

// Four words in 3-d; rows are scaled to unit length by wordTable, so only directions count.
const WORDS = ['dog', 'cat', 'sky', 'grass'];
const table = () =>
  wordTable(
    WORDS,
    Float32Array.of(
      2, 0, 0, // dog   = x
      1, 1, 0, // cat   = (x + y) / sqrt 2
      0, 0, 5, // sky   = z
      0, -3, 0, // grass = -y
    ),
    3,
  );

describe('nearestWords (cosine top-k over a word table)', () => {
  it('ranks words by cosine, whatever the lengths of the rows and the query', () => {
    const [l] = nearestWords(table(), Float32Array.of(10, 0, 0), 4);
    expect(l.words).toEqual(['dog', 'cat', 'sky', 'grass']);
    expect(l.indices).toEqual([0, 1, 2, 3]);
    expect(l.values[0]).toBeCloseTo(1, 6);
    expect(l.values[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(l.values[2]).toBeCloseTo(0, 6);
    expect(l.values[3]).toBeCloseTo(0, 6);
    expect(l.activeCount).toBe(4);
  });

  it('keeps the k nearest, negative cosines last', () => {
    const [l] = nearestWords(table(), Float32Array.of(0, -1, 0.1), 2);
    expect(l.words).toEqual(['grass', 'sky']);
    const [all] = nearestWords(table(), Float32Array.of(0, -1, 0.1), 10);
    expect(all.words).toEqual(['grass', 'sky', 'dog', 'cat']);
    expect(all.values[3]).toBeLessThan(0);
  });

  it('answers several queries at once, each as if alone', () => {
    const t = table();
    const many = nearestWords(t, Float32Array.of(0, 0, 1, 1, 1, 0), 2);
    expect(many.map((l) => l.words)).toEqual([
      ['sky', 'dog'], // sky 1, then three zeros: ties go to the lower index
      ['cat', 'dog'],
    ]);
    expect(nearestWords(t, Float32Array.of(1, 1, 0), 2)[0]).toEqual(many[1]);
  });

  it('breaks ties by the lower word index, and lists the first k words for a zero query', () => {
    const [l] = nearestWords(table(), new Float32Array(3), 3);
    expect(l.words).toEqual(['dog', 'cat', 'sky']);
    expect(l.values).toEqual([0, 0, 0]);
  });

  it('works across the blocks the table is read in', () => {
    // 300 words (3 blocks of 128), word i pointing at angle i: the query at angle 200.4 is nearest 200, then 201, 199, 202.
    const V = 300;
    const words = Array.from({ length: V }, (_, i) => `w${i}`);
    const values = new Float32Array(V * 2);
    for (let i = 0; i < V; i++) values.set([Math.cos(i / 100), Math.sin(i / 100)], 2 * i);
    const [l] = nearestWords(wordTable(words, values, 2), Float32Array.of(Math.cos(2.004), Math.sin(2.004)), 4);
    expect(l.words).toEqual(['w200', 'w201', 'w199', 'w202']);
  });

  it('refuses a query of another width and a table whose size disagrees with its words', () => {
    expect(() => nearestWords(table(), Float32Array.of(1, 0), 1)).toThrow('nearestWords: 2 query values, expected a multiple of the table\'s dimension 3');
    expect(() => wordTable(['a', 'b'], new Float32Array(5), 3)).toThrow('wordTable: 5 values for 2 words of dimension 3, expected words x dim = 6');
  });
});

describe('meanRows (a region mean embedding)', () => {
  it('averages the listed rows', () => {
    expect(Array.from(meanRows(Float32Array.of(1, 2, 3, 4, 5, 6), 2, [0, 2]))).toEqual([3, 4]);
  });
});
