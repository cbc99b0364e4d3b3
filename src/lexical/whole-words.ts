/**
 * Word pieces read as words. Llama-2 splits many nouns into pieces ("raccoon" = racc + oon), and
 * a lexical vector scores the pieces. When every piece of a known whole word is active in one
 * vector, a view may show the word in their place. The rule (docs/vocabulary.md, "Word pieces
 * read as words"):
 *
 * 1. Candidates: the table's words whose every piece is an entry of the sparse vector, i.e.
 *    survives the current sparsification rule (threshold and top-k) in that same vector.
 * 2. A candidate's value is the minimum of its pieces' values: the word is only as present as
 *    its weakest piece. The minimum never exceeds an entry the model produced (a sum or a mean
 *    would rank a word above its own evidence), and a common piece with a large value ("c", the
 *    first piece of "cake" and many others) cannot carry a word whose other pieces are weak.
 * 3. A piece goes to one word at most: candidates are taken strongest first (ties: the word
 *    first in code-unit order of its text), each claiming its pieces; a candidate one of whose
 *    pieces is already claimed is not shown, and its unclaimed pieces stay as pieces.
 * 4. Absorbed pieces are not shown separately; every other entry is unchanged. The result is
 *    ordered by value, strongest first; equal values by id (a piece's id is its vocabulary row,
 *    a word's is V + its table position, so pieces come first).
 *
 * Single-piece words are not in the table, nor are words whose pieces are one row repeated
 * ("couscous" = cous + cous would only rename the piece). A piece repeated in a longer word
 * counts once. Pure: shared by the worker, the CLI and the tests.
 */
import type { SparseVector } from './sparse';

/** A word of two or more distinct vocabulary rows. */
export interface WholeWord {
  text: string;
  /** Vocabulary rows in spelling order, repeats kept (the tooltip spells the word with them). */
  pieces: readonly number[];
}

/** One entry of a merged vector: a vocabulary row, or a whole word with the pieces it absorbed. */
export type MergedEntry =
  | { kind: 'piece'; id: number; value: number }
  | { kind: 'word'; id: number; word: number; value: number; pieces: ReadonlyArray<{ index: number; value: number }> };

/** A whole word's id among vocabulary rows: V + its position in the table. */
export const wholeWordId = (word: number, vocabSize: number): number => vocabSize + word;

/**
 * A table of whole words and, per vocabulary row, the words it is a piece of (built once per
 * bundle), so that a merge looks only at the words of a vector's active rows.
 */
export class WholeWordIndex {
  private readonly byRow = new Map<number, number[]>();
  /** Distinct rows of each word, ascending. */
  private readonly rows: ReadonlyArray<readonly number[]>;

  constructor(readonly words: readonly WholeWord[], readonly vocabSize: number) {
    this.rows = words.map((w, k) => {
      const rows = [...new Set(w.pieces)].sort((a, b) => a - b);
      if (rows.length < 2) throw new RangeError(`whole word "${w.text}" (#${k}) has pieces [${w.pieces.join(', ')}], expected at least two distinct vocabulary rows`);
      for (const r of rows) {
        if (!Number.isInteger(r) || r < 0 || r >= vocabSize) throw new RangeError(`whole word "${w.text}" (#${k}) has piece ${r}, expected a vocabulary row in [0, ${vocabSize - 1}]`);
        const list = this.byRow.get(r);
        if (list) list.push(k);
        else this.byRow.set(r, [k]);
      }
      return rows;
    });
  }

  get size(): number {
    return this.words.length;
  }

  /** The table position of an id (null: a vocabulary row, or beyond the table). */
  wordOf(id: number): number | null {
    const k = id - this.vocabSize;
    return Number.isInteger(k) && k >= 0 && k < this.words.length ? k : null;
  }

  /** The vector with whole words in place of their pieces, strongest first (the rule above). */
  merge(v: SparseVector): MergedEntry[] {
    const value = new Map<number, number>();
    for (let i = 0; i < v.indices.length; i++) value.set(v.indices[i], v.values[i]);
    const candidates: Array<{ word: number; value: number }> = [];
    const seen = new Set<number>();
    for (const row of value.keys()) {
      for (const k of this.byRow.get(row) ?? []) {
        if (seen.has(k)) continue;
        seen.add(k);
        let min = Infinity;
        for (const r of this.rows[k]) min = Math.min(min, value.get(r) ?? -Infinity);
        if (min > -Infinity) candidates.push({ word: k, value: min });
      }
    }
    candidates.sort((a, b) => b.value - a.value || codeUnitOrder(this.words[a.word].text, this.words[b.word].text) || a.word - b.word);
    const claimed = new Set<number>();
    const out: MergedEntry[] = [];
    for (const c of candidates) {
      const rows = this.rows[c.word];
      if (rows.some((r) => claimed.has(r))) continue;
      for (const r of rows) claimed.add(r);
      const pieces = this.words[c.word].pieces.map((index) => ({ index, value: value.get(index)! }));
      out.push({ kind: 'word', id: wholeWordId(c.word, this.vocabSize), word: c.word, value: c.value, pieces });
    }
    for (const [row, v] of value) if (!claimed.has(row)) out.push({ kind: 'piece', id: row, value: v });
    return out.sort((a, b) => b.value - a.value || a.id - b.id);
  }

  /** Word k's distinct vocabulary rows, ascending. */
  rowsOf(word: number): readonly number[] {
    return this.rows[word];
  }
}

/**
 * A whole word's heatmap from its pieces' heatmaps (each float32 [patches]): per patch, the
 * minimum, the merge's value function. Like a piece's heatmap it is not cut by the sparsity
 * rule, so it shows where the word is weakly present too; on a patch whose cloud shows the
 * word, it equals the value shown there.
 */
export function wholeWordColumn(pieceColumns: readonly Float32Array[]): Float32Array {
  if (pieceColumns.length === 0) throw new RangeError('wholeWordColumn: no piece columns, expected at least two');
  const out = Float32Array.from(pieceColumns[0]);
  for (const col of pieceColumns.slice(1)) for (let p = 0; p < out.length; p++) out[p] = Math.min(out[p], col[p]);
  return out;
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How a view spells a merged word for its tooltip:
 * "raccoon = racc 0.3100 + oon 0.1800 (min 0.1800)".
 */
export function describeWholeWord(text: string, pieces: ReadonlyArray<{ word: string; value: number }>, value: number): string {
  return `${text} = ${pieces.map((p) => `${p.word} ${p.value.toFixed(4)}`).join(' + ')} (min ${value.toFixed(4)})`;
}
