/**
 * The worker's side of "word pieces read as words": the word lists of the global vector, a patch
 * or a region with whole words merged (src/lexical/whole-words.ts), and a whole word's heatmap.
 * Reads the Engine through its public surface only; the table is built on first use per model.
 */
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { wholeWordList, type WholeWordList } from '../lexical/whole-word-list';
import { wholeWordsOf } from '../model/whole-word-source';
import { wholeWordColumn } from '../lexical/whole-words';
import { vectorFor, wordsAhead, type PatchTarget, type WordHeatmap } from '../model/word-views';

async function context(engine: Engine) {
  const manifest = engine.manifest;
  const vocab = engine.vocabulary();
  const rule = engine.sparsifyRule;
  if (!manifest) throw new EngineError('no-model', 'No model is loaded: load a bundle first.');
  if (!vocab || !rule) throw new EngineError('no-vocabulary', `${manifest.name} is a dense bundle: it has no vocabulary, so it has no word pieces to read as words.`);
  const image = engine.encoded;
  if (!image || image.kind !== 'lexical') throw new EngineError('no-image', 'No image is encoded: open an image first.');
  const index = await wholeWordsOf(engine.bundleSource(), manifest, vocab);
  return { vocab, rule, image, index };
}

/** Top entries of the global vector, a patch or a max-pooled region, whole words merged. */
export async function wholeWords(engine: Engine, target: PatchTarget, topN: number): Promise<WholeWordList> {
  const { vocab, rule, image, index } = await context(engine);
  return wholeWordList(vectorFor(image, target), rule, vocab.words, index, topN);
}

/**
 * wholeWords for every patch, or every region with one corner at `anchor` (word-views.ts
 * wordsAhead), as [patch index, list]; null when the image or the rule the page asked about is
 * no longer `current()` once the table is ready.
 */
export async function wholeWordsAhead(
  engine: Engine,
  current: () => boolean,
  anchor: number | null,
  topN: number,
): Promise<Generator<[number, WholeWordList], void, undefined> | null> {
  const { vocab, index } = await context(engine);
  // Read after the wait: an encode or a rule may have replaced them meanwhile.
  const image = engine.encoded;
  const rule = engine.sparsifyRule;
  if (!current() || !image || image.kind !== 'lexical' || !rule) return null;
  const v = new Float32Array(vocab.words.length);
  return wordsAhead(image, anchor, (raw, offset, scale) => {
    for (let j = 0; j < v.length; j++) v[j] = raw[offset + j] * scale;
    return wholeWordList(v, rule, vocab.words, index, topN);
  });
}

/** Ids from V up name whole words (src/lexical/whole-words.ts wholeWordId), never vocabulary rows. */
export function isWholeWordId(engine: Engine, id: number): boolean {
  const V = engine.vocabulary()?.words.length;
  return V !== undefined && Number.isInteger(id) && id >= V;
}

/**
 * A whole word's heatmap: per patch, the minimum of its pieces' heatmaps (src/lexical/whole-words.ts
 * wholeWordColumn). float32 [patches].
 */
export async function wholeWordHeatmap(engine: Engine, id: number): Promise<WordHeatmap> {
  const { image, index } = await context(engine);
  const k = index.wordOf(id);
  if (k === null) throw new EngineError('internal', `word id ${id} is not a whole word of ${engine.manifest!.name}, expected a vocabulary row or V + a position in its ${index.size} whole words`);
  const values = wholeWordColumn(index.rowsOf(k).map((r) => image.scores.wordColumn(r)));
  let min = Infinity;
  let max = -Infinity;
  for (const x of values) {
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { word: id, label: index.words[k].text, values, min, max };
}
