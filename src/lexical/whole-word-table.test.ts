import { describe, expect, it } from 'vitest';
import { buildWholeWordTable, rowResolver, wordsOfTexts, type Tokenized } from './whole-word-table';

// Rows 0-5. "▁ster" is the kept token for "ster" (id 15); the continuation "ster" (id 25) is not a row.
const VOCAB = { words: ['lo', 'b', 'ster', 'racc', 'oon', 'cat'], tokenIds: [10, 11, 15, 12, 13, 14] };

/** A toy tokenizer: a table of words -> tokens with ids, as Llama-2 would split them. */
const SPLITS: Record<string, Tokenized> = {
  lobster: { tokens: ['▁lo', 'b', 'ster'], ids: [10, 21, 25] },
  raccoon: { tokens: ['▁racc', 'oon'], ids: [12, 13] },
  cat: { tokens: ['▁cat'], ids: [14] },
  cats: { tokens: ['▁cat', 's'], ids: [14, 30] },
  catcat: { tokens: ['▁cat', 'cat'], ids: [14, 31] },
};
const tokenize = (w: string): Tokenized => SPLITS[w] ?? { tokens: [], ids: [] };

describe('whole words: the table from a bundle\'s texts', () => {
  it('splits texts into distinct runs of letters, first seen first', () => {
    expect(wordsOfTexts(['a raccoon, a lobster', 'fire-truck: a raccoon!', ''])).toEqual(['a', 'raccoon', 'lobster', 'fire', 'truck']);
  });

  it('maps a token by its id when the vocabulary keeps it, else by the string it displays as', () => {
    const row = rowResolver(VOCAB);
    expect([row(12, '▁racc'), row(21, 'b'), row(25, 'ster'), row(30, 's')]).toEqual([3, 1, 2, null]);
  });

  it('keeps words of two or more distinct rows, every piece a row, sorted by text', () => {
    const table = buildWholeWordTable(['raccoon', 'lobster', 'cat', 'cats', 'catcat', 'raccoon'], tokenize, VOCAB);
    // cat: one piece; cats: "s" has no row; catcat: one row twice.
    expect(table).toEqual([
      { text: 'lobster', pieces: [0, 1, 2] },
      { text: 'raccoon', pieces: [3, 4] },
    ]);
  });
});
