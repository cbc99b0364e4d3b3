import { describe, expect, it } from 'vitest';
import type { SparseVector } from './sparse';
import { describeWholeWord, WholeWordIndex, wholeWordColumn, wholeWordId, type MergedEntry, type WholeWord } from './whole-words';

const V = 100;

/** A sparse vector from [row, value] pairs, strongest first as sparsify gives it. */
function vec(...entries: Array<[number, number]>): SparseVector {
  const sorted = [...entries].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return { indices: Uint32Array.from(sorted.map((e) => e[0])), values: Float32Array.from(sorted.map((e) => e[1])) };
}

/** A merge as readable rows: "row:value" for a piece, "text=row+row:value" for a word (float32 values to 2 decimals). */
function show(index: WholeWordIndex, out: MergedEntry[]): string[] {
  return out.map((e) =>
    e.kind === 'piece' ? `${e.id}:${e.value.toFixed(2)}` : `${index.words[e.word].text}=${e.pieces.map((p) => p.index).join('+')}:${e.value.toFixed(2)}`,
  );
}

const RACCOON: WholeWord = { text: 'raccoon', pieces: [10, 11] };
const CAKE: WholeWord = { text: 'cake', pieces: [20, 21] };

describe('whole words: the merge rule', () => {
  it('shows a word whose pieces are all active, valued at its weakest piece, in place of its pieces', () => {
    const index = new WholeWordIndex([CAKE, RACCOON], V);
    const out = index.merge(vec([10, 0.31], [11, 0.18], [5, 0.25], [20, 0.4]));
    expect(show(index, out)).toEqual(['20:0.40', '5:0.25', 'raccoon=10+11:0.18']);
    const w = out.find((e) => e.kind === 'word')!;
    expect(w).toMatchObject({ id: wholeWordId(1, V), word: 1 });
    // The pieces keep their own values for the tooltip.
    expect(w.kind === 'word' && w.pieces.map((p) => [p.index, +p.value.toFixed(2)])).toEqual([[10, 0.31], [11, 0.18]]);
  });

  it('leaves the pieces alone when one piece of the word is not active (below the rule: absent from the vector)', () => {
    const index = new WholeWordIndex([RACCOON], V);
    expect(show(index, index.merge(vec([10, 0.31], [5, 0.2])))).toEqual(['10:0.31', '5:0.20']);
  });

  it('gives a piece shared by two candidates to the stronger word; the loser is not shown and its other pieces stay', () => {
    // "sn"+"ail" = snail, "sn"+"ake" = snake: both complete, snail's weakest piece is stronger.
    const index = new WholeWordIndex([{ text: 'snail', pieces: [1, 2] }, { text: 'snake', pieces: [1, 3] }], V);
    const v = vec([1, 0.5], [2, 0.4], [3, 0.3]);
    expect(show(index, index.merge(v))).toEqual(['snail=1+2:0.40', '3:0.30']);
    // The other way round when snake's pieces are the stronger ones.
    expect(show(index, index.merge(vec([1, 0.5], [2, 0.1], [3, 0.3])))).toEqual(['snake=1+3:0.30', '2:0.10']);
  });

  it('frees the pieces of a candidate that lost: a third word may take them', () => {
    const index = new WholeWordIndex([
      { text: 'aa', pieces: [1, 2] },
      { text: 'bb', pieces: [2, 3] },
      { text: 'cc', pieces: [3, 4] },
    ], V);
    // aa (0.5) takes 1 and 2; bb (0.4) needs 2: not shown; cc (0.3) takes 3 and 4.
    expect(show(index, index.merge(vec([1, 0.6], [2, 0.5], [3, 0.4], [4, 0.3])))).toEqual(['aa=1+2:0.50', 'cc=3+4:0.30']);
  });

  it('breaks a tie between two words by their text (code-unit order), whatever the table order', () => {
    const a: WholeWord = { text: 'bat', pieces: [1, 2] };
    const b: WholeWord = { text: 'bay', pieces: [1, 3] };
    const v = vec([1, 0.5], [2, 0.25], [3, 0.25]);
    for (const words of [[a, b], [b, a]]) {
      const index = new WholeWordIndex(words, V);
      expect(show(index, index.merge(v))).toEqual(['3:0.25', 'bat=1+2:0.25']);
    }
  });

  it('orders equal values by id: vocabulary rows before whole words (V + position)', () => {
    const index = new WholeWordIndex([RACCOON], V);
    expect(show(index, index.merge(vec([10, 0.2], [11, 0.2], [99, 0.2], [3, 0.2])))).toEqual(['3:0.20', '99:0.20', 'raccoon=10+11:0.20']);
  });

  it('counts a piece repeated in one word once, and spells the word with the repeat', () => {
    // "b"+"an"+"an"+"a": rows 7, 8, 8, 9.
    const index = new WholeWordIndex([{ text: 'banana', pieces: [7, 8, 8, 9] }], V);
    const out = index.merge(vec([7, 0.3], [8, 0.2], [9, 0.1]));
    expect(show(index, out)).toEqual(['banana=7+8+8+9:0.10']);
    expect(index.merge(vec([7, 0.3], [8, 0.2]))).toHaveLength(2);
  });

  it('keeps vectors without candidates as they are (single-piece words are not in the table)', () => {
    const index = new WholeWordIndex([RACCOON, CAKE], V);
    const v = vec([3, 0.5], [10, 0.4], [21, 0.3]);
    expect(show(index, index.merge(v))).toEqual(['3:0.50', '10:0.40', '21:0.30']);
    expect(index.merge(vec())).toEqual([]);
  });

  it('refuses a word of fewer than two distinct rows or with a row outside the vocabulary', () => {
    expect(() => new WholeWordIndex([{ text: 'couscous', pieces: [4, 4] }], V)).toThrow(
      'whole word "couscous" (#0) has pieces [4, 4], expected at least two distinct vocabulary rows',
    );
    expect(() => new WholeWordIndex([{ text: 'x', pieces: [1, 100] }], V)).toThrow('whole word "x" (#0) has piece 100, expected a vocabulary row in [0, 99]');
  });

  it('maps ids back to table positions only from V up', () => {
    const index = new WholeWordIndex([RACCOON, CAKE], V);
    expect([index.wordOf(99), index.wordOf(100), index.wordOf(101), index.wordOf(102)]).toEqual([null, 0, 1, null]);
  });

  it("makes a whole word's heatmap the minimum of its pieces' heatmaps, patch by patch", () => {
    const col = wholeWordColumn([Float32Array.from([0.3, 0, 0.2]), Float32Array.from([0.1, 0.4, 0.25])]);
    expect(Array.from(col, (x) => +x.toFixed(2))).toEqual([0.1, 0, 0.2]);
    const index = new WholeWordIndex([{ text: 'banana', pieces: [7, 8, 8, 9] }], V);
    expect(index.rowsOf(0)).toEqual([7, 8, 9]);
  });

  it('spells a merged word for its tooltip', () => {
    const pieces = [{ word: 'car', value: 0.15184 }, { word: 'rot', value: 0.1799 }];
    expect(describeWholeWord('carrot', pieces, 0.15184)).toBe('carrot = car 0.1518 + rot 0.1799 (min 0.1518)');
  });
});
