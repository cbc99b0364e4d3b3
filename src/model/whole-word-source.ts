/**
 * A bundle's whole-word table, from the bundle itself: the words of its evaluation set's class
 * names and captions and of its gallery's captions (the bundle format has no other word lists),
 * tokenised by its own tokenizer.json. Built on first use and kept for the loaded model.
 */
import { loadEvalSet, loadGallery } from '../bundle/loaders';
import type { BundleSource } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import { buildWholeWordTable, wordsOfTexts } from '../lexical/whole-word-table';
import { WholeWordIndex } from '../lexical/whole-words';
import { loadTokenizer, type Vocabulary } from './text';

/** The texts whose words may be whole words: class names first, then captions. */
export async function bundleTexts(source: BundleSource, manifest: Manifest): Promise<string[]> {
  const texts: string[] = [];
  if (manifest.eval) {
    const { evalSet } = await loadEvalSet(source, manifest.eval.dir);
    texts.push(...evalSet.classes);
    for (const item of evalSet.items) texts.push(...item.captions);
  }
  if (manifest.gallery) {
    for (const item of (await loadGallery(source, manifest)).items) texts.push(...item.captions);
  }
  return texts;
}

/** The table of a lexical bundle; empty when it has no tokenizer (precomputed text without one). */
export async function loadWholeWords(source: BundleSource, manifest: Manifest, vocab: Vocabulary): Promise<WholeWordIndex> {
  const path = manifest.text.tokenizer;
  if (!path) return new WholeWordIndex([], vocab.words.length);
  const [tokenizer, texts] = await Promise.all([loadTokenizer(source, path), bundleTexts(source, manifest)]);
  const tokenize = (word: string) => tokenizer.encode(word, { add_special_tokens: false });
  return new WholeWordIndex(buildWholeWordTable(wordsOfTexts(texts), tokenize, vocab), vocab.words.length);
}

/** One table per loaded vocabulary (a new load makes a new one); a failed build is tried again. */
const built = new WeakMap<Vocabulary, Promise<WholeWordIndex>>();

export function wholeWordsOf(source: BundleSource, manifest: Manifest, vocab: Vocabulary): Promise<WholeWordIndex> {
  let p = built.get(vocab);
  if (!p) {
    p = loadWholeWords(source, manifest, vocab);
    built.set(vocab, p);
    p.catch(() => built.delete(vocab));
  }
  return p;
}
