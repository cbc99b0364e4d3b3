/**
 * The whole words a bundle knows: every word of its own texts (class names, captions) that its
 * tokenizer splits into two or more distinct vocabulary rows. Pure: the tokenizer comes in as a
 * function, so the table is built the same way in the worker, the CLI and the tests.
 */
import type { WholeWord } from './whole-words';

/** A tokenizer's answer for one word, without special tokens (Llama-2: "raccoon" -> ▁racc, oon). */
export interface Tokenized {
  ids: readonly number[];
  tokens: readonly string[];
}

/** The vocabulary as vocab.json gives it: display strings and the tokenizer id of each. */
export interface VocabRows {
  words: readonly string[];
  tokenIds: ArrayLike<number>;
}

/** SentencePiece's word-start mark, which the vocabulary's display strings drop. */
const WORD_START = '\u2581';

/** The distinct words of some texts, in first-seen order: runs of letters ("fire truck," -> fire, truck). */
export function wordsOfTexts(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const w of t.split(/[^\p{L}]+/u)) if (w !== '') out.add(w);
  return [...out];
}

/**
 * Token -> vocabulary row, as the model was trained (train/lexvla/vocab.py remap_table): the row
 * of its tokenizer id when the vocabulary keeps that token (as the app's text lookup does), else
 * the row of the string it displays as, so the continuation piece "ster" shares the row of
 * "▁ster" (the vocabulary keeps one token per display string). null: no row (a digit, a symbol).
 */
export function rowResolver(vocab: VocabRows): (id: number, token: string) => number | null {
  const byId = new Map<number, number>();
  const byText = new Map<string, number>();
  // Several rows could share an id or a string; the lowest row wins, as in TextModel.lookup.
  for (let i = 0; i < vocab.tokenIds.length; i++) if (!byId.has(vocab.tokenIds[i])) byId.set(vocab.tokenIds[i], i);
  vocab.words.forEach((w, i) => byText.has(w) || byText.set(w, i));
  return (id, token) => byId.get(id) ?? byText.get(token.split(WORD_START).join('')) ?? null;
}

/**
 * The table: each word of `words` whose pieces all have vocabulary rows, at least two of them
 * distinct; sorted by text (code-unit order), so a word's position, and with it its id, depends
 * on the bundle only.
 */
export function buildWholeWordTable(words: Iterable<string>, tokenize: (word: string) => Tokenized, vocab: VocabRows): WholeWord[] {
  const row = rowResolver(vocab);
  const table = new Map<string, WholeWord>();
  for (const text of words) {
    if (table.has(text)) continue;
    const t = tokenize(text);
    const pieces = t.ids.map((id, i) => row(id, t.tokens[i] ?? ''));
    if (pieces.some((p) => p === null) || new Set(pieces).size < 2) continue;
    table.set(text, { text, pieces: pieces as number[] });
  }
  return [...table.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
