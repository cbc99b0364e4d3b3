import { describe, expect, it } from 'vitest';
import { sparsify } from './sparse';
import { l2Scale, topEntries } from './top-words';
import { entriesWordList, sparseWordList, wordList } from './word-list';
import { mulberry32 } from '../util/prng';

const words = Array.from({ length: 300 }, (_, i) => `w${i}`);

/** A seeded vector over 300 words with many ties (values on a coarse grid). */
function vector(seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: 300 }, () => Math.floor(rand() * 40) / 400);
}

describe('wordList', () => {
  it('is the first topN of the sparsified vector, ties by lower index, and counts every survivor', () => {
    for (const seed of [1, 2, 3]) {
      const v = vector(seed);
      for (const rule of [{ threshold: 0.05, topK: null }, { threshold: 0.02, topK: 25 }, { threshold: 0.2, topK: null }, { threshold: 0, topK: 500 }]) {
        for (const topN of [0, 1, 10, 40, 1000]) {
          expect(wordList(v, rule, words, topN), `seed ${seed}, ${JSON.stringify(rule)}, top ${topN}`).toEqual(sparseWordList(sparsify(v, rule), words, topN));
        }
      }
    }
  });
});

describe('topEntries on unnormalised scores', () => {
  it('lists a slice of raw scores as wordList lists the same slice normalised in a Float32Array', () => {
    const raw = Float32Array.from({ length: 900 }, (_, i) => ((i * 7919) % 97) / 13 + (i % 5 === 0 ? 0 : 0.5));
    for (const offset of [0, 300, 600]) {
      const scale = l2Scale(raw, offset, 300);
      const stored = Float32Array.from(raw.subarray(offset, offset + 300), (x) => x * scale);
      const rule = { threshold: 0.05, topK: null };
      expect(entriesWordList(topEntries(raw, offset, 300, scale, rule, 40), words)).toEqual(wordList(stored, rule, words, 40));
    }
  });

  it('scales a zero vector by 1: nothing survives a threshold', () => {
    expect(l2Scale(new Float32Array(4), 0, 4)).toBe(1);
    expect(topEntries(new Float32Array(4), 0, 4, 1, { threshold: 0, topK: null }, 10)).toEqual({ indices: [], values: [], active: 0 });
  });
});

describe('topEntries at the rounding edge', () => {
  /** Float32 scores around threshold / scale, a few ulps apart, so that fround(v * scale) lands on, just under and just over the threshold. */
  function edgeScores(threshold: number, scale: number, seed: number): Float32Array {
    const rand = mulberry32(seed);
    const centre = Math.fround(threshold / scale);
    const bits = new Int32Array(Float32Array.of(centre).buffer)[0];
    const near = new Float32Array(new Int32Array(Array.from({ length: 300 }, () => bits + Math.floor(rand() * 9) - 4)).buffer);
    // A few strong entries, ties among them, a NaN and zeros besides.
    return Float32Array.from(near, (v, i) => (i % 37 === 0 ? 3 * centre : i % 41 === 0 ? 0 : i === 150 ? NaN : v));
  }

  it('lists and counts as the normalised vector stored in a Float32Array does, whatever the scale and threshold', () => {
    for (const [threshold, scale] of [[0.05, 0.1], [0.007152900150127037, 0.0123], [0, 0.3], [0, 3], [0.2, 1], [1e-30, 1e-9]]) {
      for (const seed of [1, 2]) {
        const raw = edgeScores(threshold, scale, seed);
        const stored = Float32Array.from(raw, (x) => x * scale);
        for (const rule of [{ threshold, topK: null }, { threshold, topK: 30 }]) {
          for (const topN of [0, 5, 40]) {
            expect(entriesWordList(topEntries(raw, 0, 300, scale, rule, topN), words), `threshold ${threshold}, scale ${scale}, seed ${seed}, top ${topN}`).toEqual(
              sparseWordList(sparsify(stored, rule), words, topN),
            );
          }
        }
      }
    }
  });
});
