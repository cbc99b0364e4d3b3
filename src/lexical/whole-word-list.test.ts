import { describe, expect, it } from 'vitest';
import { WholeWordIndex } from './whole-words';
import { isWholeWordList, piecesAt, wholeWordList } from './whole-word-list';
import { wordList } from './word-list';

const WORDS = ['the', 'racc', 'oon', 'c', 'ake', 'dog'];
const V = WORDS.length;
const index = new WholeWordIndex([{ text: 'cake', pieces: [3, 4] }, { text: 'raccoon', pieces: [1, 2] }], V);
const v = Float32Array.from([0.05, 0.6, 0.3, 0.5, 0.4, 0.2]);
const round = (xs: number[]) => xs.map((x) => +x.toFixed(4));

describe('whole words in a word list', () => {
  it('merges the active entries, then keeps the strongest topN; ids of words are V + their position', () => {
    const list = wholeWordList(v, { threshold: 0.1, topK: null }, WORDS, index, 3);
    expect(list.words).toEqual(['cake', 'raccoon', 'dog']);
    expect(list.indices).toEqual([V, V + 1, 5]);
    expect(round(list.values)).toEqual([0.4, 0.3, 0.2]);
    // activeCount counts the vector's active vocabulary entries, as without the switch.
    expect([list.activeCount, list.known]).toEqual([5, 2]);
    expect(list.pieces.map((p) => p && p.map((x) => `${x.word} ${x.value.toFixed(1)}`).join(' + '))).toEqual(['c 0.5 + ake 0.4', 'racc 0.6 + oon 0.3', null]);
  });

  it('forms a word only from pieces the rule keeps: top-k or the threshold can cut one piece', () => {
    for (const rule of [{ threshold: 0.1, topK: 3 }, { threshold: 0.35, topK: null }]) {
      const list = wholeWordList(v, rule, WORDS, index, 10);
      expect(list.words).toEqual(['racc', 'cake']);
      expect(list.activeCount).toBe(3);
    }
  });

  it('tells a list made with the switch on from a plain one', () => {
    const plain = wordList(v, { threshold: 0.1, topK: null }, WORDS, 10);
    const whole = wholeWordList(v, { threshold: 0.9, topK: null }, WORDS, index, 10);
    expect([isWholeWordList(plain), isWholeWordList(whole), isWholeWordList(null)]).toEqual([false, true, false]);
    expect(piecesAt(plain, 0)).toBeNull();
    expect(whole.words).toEqual([]);
  });
});
