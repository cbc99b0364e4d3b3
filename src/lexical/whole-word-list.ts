/**
 * A WordList (word-list.ts) with word pieces read as words (src/lexical/whole-words.ts has the
 * rule): sparsify with the current rule, merge, keep the strongest `topN` entries. Pure.
 */
import { sparsify, type SparsifyRule } from './sparse';
import type { WholeWordIndex } from './whole-words';
import type { WordList } from './word-list';

/** A piece of a whole word as the views show it. */
export interface ShownPiece {
  index: number;
  word: string;
  value: number;
}

/**
 * A WordList whose entries may be whole words: their `indices` are V + the word's table
 * position (the worker's heatmap request understands them), and `pieces` holds what each
 * absorbed. `activeCount` still counts the vector's active vocabulary entries.
 */
export interface WholeWordList extends WordList {
  /** Per entry: a whole word's pieces in spelling order, null for a vocabulary entry. */
  pieces: Array<ShownPiece[] | null>;
  /** Whole words the bundle's table holds (0: the switch has nothing to show). */
  known: number;
}

/** true when a list was made with whole words on (it may still hold none). */
export function isWholeWordList(list: WordList | null | undefined): list is WholeWordList {
  return !!list && Array.isArray((list as Partial<WholeWordList>).pieces);
}

/** float32 [V] normalised vector -> top entries, whole words in place of their pieces. */
export function wholeWordList(v: Float32Array, rule: SparsifyRule, words: readonly string[], index: WholeWordIndex, topN: number): WholeWordList {
  const s = sparsify(v, rule);
  const n = Math.max(0, Math.floor(topN));
  const merged = index.merge(s).slice(0, n);
  const word = (i: number) => words[i] ?? `#${i}`;
  return {
    indices: merged.map((e) => e.id),
    words: merged.map((e) => (e.kind === 'word' ? index.words[e.word].text : word(e.id))),
    values: merged.map((e) => e.value),
    activeCount: s.indices.length,
    pieces: merged.map((e) => (e.kind === 'word' ? e.pieces.map((p) => ({ index: p.index, word: word(p.index), value: p.value })) : null)),
    known: index.size,
  };
}

/** Entry i's pieces when it is a whole word, else null (any list: a plain one has none). */
export function piecesAt(list: WordList, i: number): ShownPiece[] | null {
  return isWholeWordList(list) ? (list.pieces[i] ?? null) : null;
}
