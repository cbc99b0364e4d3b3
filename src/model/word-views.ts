/**
 * The word views of an encoded image: the top words of the global vector, a patch or a region,
 * one word's heatmap, and a text's relevance on every patch. Pure functions of the image.
 */
import type { Manifest } from '../bundle/types';
import { similarityDense } from '../lexical/patchdis';
import { selectTopKHeap } from '../lexical/select';
import { anchoredRegions, patchVectors } from '../lexical/region-sweep';
import type { SparsifyRule } from '../lexical/sparse';
import { wordList, type WordList } from '../lexical/word-list';
import type { EncodedImage } from './encode';
import { EngineError } from './errors';
import type { TextVector } from './text';

/** Which patches a query is about. Patch index = row * gridCols + col. */
export type PatchTarget =
  | { kind: 'global' }
  | { kind: 'patch'; index: number }
  /** Inclusive rectangle of patches, max-pooled as the paper does for regions. */
  | { kind: 'region'; r0: number; c0: number; r1: number; c1: number };

export type LexicalImage = Extract<EncodedImage, { kind: 'lexical' }>;

/** Top words of the global vector, one patch, or a max-pooled region. */
export function wordsAt(image: LexicalImage, target: PatchTarget, rule: SparsifyRule, words: readonly string[], topN: number): WordList {
  return wordList(vectorFor(image, target), rule, words, topN);
}

/**
 * Word lists ahead of the pointer, as [patch index, list]: every patch's (`anchor` null), or
 * every region's with one corner at patch `anchor`, by its opposite corner (the anchor itself:
 * its patch). Each is what `wordsAt` gives for that target. `toList` makes a list of the
 * normalised vector fround(raw[offset + j] * scale), j < V (src/lexical/top-words.ts). One at a
 * time, so that the caller can give way between two.
 */
export function* wordsAhead<L>(
  image: LexicalImage,
  anchor: number | null,
  toList: (raw: Float32Array, offset: number, scale: number) => L,
): Generator<[number, L], void, undefined> {
  const { scores } = image;
  if (anchor !== null && !(Number.isInteger(anchor) && anchor >= 0 && anchor < scores.patches)) {
    throw new EngineError('internal', `region anchor ${anchor} is not a patch, expected an integer in [0, ${scores.patches - 1}]`);
  }
  const cols = scores.grid[1];
  const vectors = anchor === null ? patchVectors(scores) : anchoredRegions(scores, Math.floor(anchor / cols), anchor % cols);
  for (const [p, raw, offset, scale] of vectors) yield [p, toList(raw, offset, scale)];
}

/** The vector a target reads: the global one, a patch's, or a region's max-pooled. float32 [V]. */
export function vectorFor(image: LexicalImage, target: PatchTarget): Float32Array {
  if (target.kind === 'global') return image.global;
  try {
    if (target.kind === 'patch') return image.scores.pooled([target.index]);
    return image.scores.pooled(image.scores.regionIndices(target.r0, target.c0, target.r1, target.c1));
  } catch (e) {
    throw new EngineError('internal', `${target.kind} target ${JSON.stringify(target)}: ${(e as Error).message}`);
  }
}

/**
 * Each patch's `k` highest-scoring words, active or not (the agreement overlay compares them with
 * a dense model's nearest words, which no threshold applies to), in patch order.
 */
export function lexicalPatchWords(image: LexicalImage, words: readonly string[], k: number): string[][] {
  const { scores, patches, vocab } = image.scores;
  const out: string[][] = [];
  for (let p = 0; p < patches; p++) {
    out.push(Array.from(selectTopKHeap(scores.subarray(p * vocab, (p + 1) * vocab), k), (w) => words[w] ?? `#${w}`));
  }
  return out;
}

/** One word's normalised value on every patch (`values`: float32 [patches]) and their range. */
export interface WordHeatmap {
  word: number;
  label: string;
  values: Float32Array;
  min: number;
  max: number;
}

/** One word's normalised value on every patch. */
export function wordHeatmap(image: LexicalImage, words: readonly string[], word: number): WordHeatmap {
  if (!Number.isInteger(word) || word < 0 || word >= words.length) {
    throw new EngineError('internal', `word index ${word} is outside the vocabulary, expected an integer in [0, ${words.length - 1}]`);
  }
  const values = image.scores.wordColumn(word);
  let min = Infinity;
  let max = -Infinity;
  for (const x of values) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { word, label: words[word], values, min, max };
}

/**
 * A text's relevance on every patch of `image`, for either kind: lexical <normalised v_p, t>;
 * dense cosine(patch embedding, text embedding) (MaskCLIP-style). Returns float32 [patches].
 */
export function relevanceOf(query: TextVector, image: EncodedImage | null): Float32Array {
  if (!image) throw new EngineError('no-image', 'No image is encoded: open an image first.');
  if (image.kind === 'lexical') {
    if (query.kind !== 'lexical') throw new EngineError('internal', 'a dense text vector cannot be compared with lexical patch scores');
    return image.scores.relevance(query.vector);
  }
  if (query.kind !== 'dense') throw new EngineError('internal', 'a lexical text vector cannot be compared with dense patch embeddings');
  return similarityDense(image.patches, query.vector, image.dim);
}

/** Checks a user-supplied rule before it reaches sparsify (a NaN threshold would keep nothing silently). */
export function checkRule(rule: SparsifyRule): SparsifyRule {
  if (typeof rule?.threshold !== 'number' || !Number.isFinite(rule.threshold) || rule.threshold < 0) {
    throw new EngineError('internal', `sparsify.threshold is ${String(rule?.threshold)}, expected a finite number >= 0`);
  }
  if (rule.topK !== null && !(Number.isInteger(rule.topK) && rule.topK > 0)) {
    throw new EngineError('internal', `sparsify.topK is ${String(rule.topK)}, expected null or a positive integer`);
  }
  return { threshold: rule.threshold, topK: rule.topK };
}

export function noVocabulary(m: Manifest): EngineError {
  return new EngineError('no-vocabulary', `${m.name} is a dense bundle: dense bundles have no vocabulary, so there are no words to show.`);
}
