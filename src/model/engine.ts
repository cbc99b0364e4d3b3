/**
 * The Engine: one loaded bundle and one encoded image, and the word views derived from them.
 * The worker and the CLI both drive this class (the CLI with onnxruntime-node), so the numbers
 * the CLI reports are the ones the app shows. It returns plain data that the worker answers with.
 * The steps live beside it: ./load.ts, ./warm-up.ts, ./encode.ts, ./word-views.ts, ./text-side.ts.
 *
 * Failure rules: a failed load keeps the previous model; a failed encode keeps the previous image.
 */
import type { BundleSource } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import type { SparsifyRule } from '../lexical/sparse';
import { entriesWordList, wordList, type WordList } from '../lexical/word-list';
import { topEntries } from '../lexical/top-words';
import { encodeImage, type EncodedImage, type EncodePreview, type EncodeResult } from './encode';
import { EngineError } from './errors';
import { modelInfo, type EngineModelInfo } from './info';
import { loadModel, releaseModel, WARM_UP_MAX_BYTES, type LoadedModel, type LoadOptions } from './load';
import type { Device, Runtime } from './runtime';
import type { ByteProgress } from './session';
import type { TextModel, TextVector, Vocabulary } from './text';
import { openText, prepareText } from './text-side';
import { warmUp, WARM_UP_PAUSE_MS, WARM_UP_RUNS } from './warm-up';
import { checkRule, lexicalPatchWords, noVocabulary, relevanceOf, wordHeatmap, wordsAhead, wordsAt, type LexicalImage, type PatchTarget, type WordHeatmap } from './word-views';
import { denseWordHeatmap, nearestWordsAt, patchNearestWords, type DenseImage } from './dense-words';
import { computeWordTable, readWordTable, type LoadedWordTable, type WordTableInfo } from './word-table';
import type { WordTable } from '../lexical/nearest-words';

export class Engine {
  private model: LoadedModel | null = null;
  private image: EncodedImage | null = null;
  private rule: SparsifyRule | null = null;
  private encodeSeq = 0;
  private currentImageId: number | null = null;

  constructor(readonly runtime: Runtime) {}

  get manifest(): Manifest | null {
    return this.model?.manifest ?? null;
  }

  get encoded(): EncodedImage | null {
    return this.image;
  }

  /** How many encodes have started: work done ahead for the current image gives way when it grows. */
  get encodesStarted(): number {
    return this.encodeSeq;
  }

  /** Which encode the current image came from (null: none); answers computed ahead name it. */
  get imageId(): number | null {
    return this.image ? this.currentImageId : null;
  }

  /** true when the loaded model passed every check of its load, the first run included (not a `checkedCopy`). */
  get fullyChecked(): boolean {
    return this.model?.firstRunMs != null;
  }

  /** Files of the loaded bundle that its load did not read: the vision graphs it does not run. */
  get unreadFiles(): string[] {
    return this.model?.unreadFiles ?? [];
  }

  get sparsifyRule(): SparsifyRule | null {
    return this.rule;
  }

  /**
   * Validate, open the vision graph, read the vocabulary; only then replace the current model.
   * Every file read whole, now or later (the text side), is checked against the manifest's
   * SHA-256 when it lists one; `hashesChecked` leaves that to the caller: the worker checks the
   * source itself (so that what it stores for offline use is checked too), and its stored copies
   * were checked when they were written. `checkedCopy`: these very bytes (a stored copy, pinned by
   * SHA-256) passed every check of this build on this runtime and device before; the checks that
   * read more than the manifest and the JSON files (graph structure, masks, the first run, which
   * warmUp then makes) are not repeated.
   */
  async load(source: BundleSource, device: Device, onProgress?: ByteProgress, opts: LoadOptions = {}): Promise<EngineModelInfo> {
    const model = await loadModel(this.runtime, source, device, onProgress, opts);
    const { manifest } = model;
    const previous = this.model;
    this.model = model;
    this.image = null; // scores of another model mean nothing under this one
    this.rule = manifest.sparsify ? { threshold: manifest.sparsify.threshold, topK: manifest.sparsify.topK } : null;
    if (previous) await releaseModel(previous);
    return this.info();
  }

  /** See ./warm-up.ts: runs after a load, while the user chooses an image; an encode ends it. */
  async warmUp(maxBytes = WARM_UP_MAX_BYTES, runs = WARM_UP_RUNS, pauseMs = WARM_UP_PAUSE_MS): ReturnType<typeof warmUp> {
    const model = this.requireModel();
    const seq = this.encodeSeq;
    return warmUp(model, {
      current: () => this.model === model,
      idle: () => this.model === model && this.encodeSeq === seq,
      encode: async (bytes, name, topN) => (await this.encodeDetached(bytes, name, topN)).result.timings,
    }, maxBytes, runs, pauseMs);
  }

  info(): EngineModelInfo {
    return modelInfo(this.requireModel(), this.runtime.name, this.rule);
  }

  /**
   * decode -> preprocess -> run -> postprocess. The image replaces the previous one only on success.
   * `onPreview` hears the preprocessed crop before inference starts (the page shows it meanwhile).
   */
  async encode(bytes: Uint8Array, name: string, topN = 50, onPreview?: (p: EncodePreview) => void): Promise<EncodeResult & { imageId: number }> {
    const seq = ++this.encodeSeq;
    const model = this.requireModel();
    const { result, image } = await this.encodeDetached(bytes, name, topN, onPreview);
    // A newer encode, or a new model, makes this result stale: report it, but do not keep it.
    if (seq === this.encodeSeq && this.model === model) {
      this.image = image;
      this.currentImageId = seq;
    }
    // A dense image's global words are its nearest words, once the model has a word table.
    if (image.kind === 'dense' && model.wordTable) {
      return { ...result, imageId: seq, global: nearestWordsAt(image, this.grid(model), model.wordTable.table, { kind: 'global' }, topN) };
    }
    return { ...result, imageId: seq };
  }

  /**
   * Encodes without replacing the explorer's current image: dataset runs (PatchDis over an
   * evaluation set) must not change what the user is looking at.
   */
  async encodeDetached(
    bytes: Uint8Array,
    name: string,
    topN = 0,
    onPreview?: (p: EncodePreview) => void,
  ): Promise<{ result: EncodeResult; image: EncodedImage }> {
    return encodeImage(this.requireModel(), () => this.rule, bytes, name, topN, onPreview);
  }

  /** A text's relevance on every patch of `image` (default: the current image): float32 [patches]. */
  relevanceOf(query: TextVector, image: EncodedImage | null = this.image): Float32Array {
    return relevanceOf(query, image);
  }

  /**
   * Top words of the global vector, one patch, or a region: lexical, its strongest words (a
   * region max-pooled); dense, the words of its word table nearest by cosine to the global
   * embedding, the patch's, or the region's mean (prepareWords first).
   */
  words(target: PatchTarget, topN: number): WordList {
    if (this.requireModel().manifest.kind === 'dense') {
      const { image, table, model } = this.requireDenseWords();
      return nearestWordsAt(image, this.grid(model), table, target, topN);
    }
    const { image, vocab } = this.requireLexicalImage();
    return wordsAt(image, target, this.rule!, vocab.words, topN);
  }

  /** Every patch's top words, or every region's with one corner at patch `anchor` (word-views.ts wordsAhead). */
  wordsAhead(anchor: number | null, topN: number): Generator<[number, WordList], void, undefined> {
    const { image, vocab } = this.requireLexicalImage();
    const rule = this.rule!;
    return wordsAhead(image, anchor, (raw, offset, scale) => entriesWordList(topEntries(raw, offset, vocab.words.length, scale, rule, topN), vocab.words));
  }

  /** One word's value on every patch, float32 [patches]: lexical, its normalised score; dense, the cosine with its embedding. */
  wordHeatmap(word: number): WordHeatmap {
    if (this.requireModel().manifest.kind === 'dense') {
      const { image, table } = this.requireDenseWords();
      return denseWordHeatmap(image, table, word);
    }
    const { image, vocab } = this.requireLexicalImage();
    return wordHeatmap(image, vocab.words, word);
  }

  /** The index of the word written `text` among this model's words (its vocabulary or word table); -1 when absent. */
  wordIndex(text: string): number {
    const m = this.requireModel();
    const words = m.manifest.kind === 'dense' ? m.wordTable?.table.words : m.vocab?.words;
    if (!words) return -1;
    let index = this.wordIndexCache.get(words);
    if (!index) {
      index = new Map();
      // A word listed twice (vocabularies forbid it) would resolve to its first entry.
      for (let i = words.length - 1; i >= 0; i--) index.set(words[i], i);
      this.wordIndexCache.set(words, index);
    }
    return index.get(text) ?? -1;
  }
  private readonly wordIndexCache = new WeakMap<readonly string[], Map<string, number>>();

  /** Each patch's `k` first words, in patch order: lexical, by score (active or not); dense, nearest by cosine. */
  patchWords(k: number): string[][] {
    if (!Number.isInteger(k) || k <= 0) throw new EngineError('internal', `patchWords: k is ${k}, expected a positive integer`);
    if (this.requireModel().manifest.kind === 'dense') {
      const { image, table } = this.requireDenseWords();
      return patchNearestWords(image, table, k);
    }
    const { image, vocab } = this.requireLexicalImage();
    return lexicalPatchWords(image, vocab.words, k);
  }

  /**
   * A dense model's word table, once per model (./word-table.ts): the bundle's own
   * (wordEmbeddings) when it ships one, else `words` embedded with its text graph. null for a
   * lexical model, whose words are its outputs. `onProgress`: bytes read ('download') or words
   * embedded ('words'). A table computed before for the same bundle can be handed in with useWordTable.
   */
  async prepareWords(words?: readonly string[], rule = 'unknown', onProgress?: (done: number, total: number, phase: 'download' | 'words') => void): Promise<WordTableInfo | null> {
    const m = this.requireModel();
    if (m.manifest.kind !== 'dense') return null;
    if (m.wordTable) return m.wordTable.info;
    if (!m.wordTableJob) {
      if (!m.manifest.wordEmbeddings && !words) {
        throw new EngineError('no-vocabulary', `${m.manifest.name} ships no word embeddings (manifest.json wordEmbeddings): give a word list to compute them with its text graph`);
      }
      const job = m.manifest.wordEmbeddings
        ? readWordTable(m, (l, t) => onProgress?.(l, t, 'download'))
        : this.text().then((t) => computeWordTable(m, t, words!, rule, (d, n) => onProgress?.(d, n, 'words'), () => this.model === m));
      m.wordTableJob = job;
      job.then(
        (t) => void (m.wordTable = t),
        () => void (m.wordTableJob = null), // a later call tries again
      );
    }
    return (await m.wordTableJob).info;
  }

  /** Gives the loaded dense model a table made before for the same bundle (the worker keeps them by bundle). */
  useWordTable(t: LoadedWordTable): void {
    const m = this.requireModel();
    if (m.manifest.kind !== 'dense' || t.table.dim !== m.manifest.embeddingDim) {
      throw new EngineError('internal', `useWordTable: a table of dimension ${t.table.dim} for ${m.manifest.name}, expected a dense model of embeddingDim ${String(m.manifest.embeddingDim)}`);
    }
    m.wordTable = t;
  }

  /** The loaded model's word table, if it has one yet. */
  get wordTable(): LoadedWordTable | null {
    return this.model?.wordTable ?? null;
  }

  /** Replace the sparsification rule; returns the re-sparsified global words if an image is loaded. */
  setSparsify(rule: SparsifyRule, topN: number): WordList | null {
    const model = this.requireModel();
    if (model.manifest.kind !== 'lexical') throw noVocabulary(model.manifest);
    this.rule = checkRule(rule);
    if (!this.image || this.image.kind !== 'lexical') return null;
    return wordList(this.image.global, this.rule, model.vocab!.words, topN);
  }

  /** See ./text-side.ts: opens the text side ahead of the first query; never rejects. */
  prepareText(): Promise<number> {
    const m = this.requireModel();
    return prepareText(m, () => this.text(), () => this.rule, () => this.model === m);
  }

  /** The text side of the loaded bundle (opened once, on first use). */
  text(): Promise<TextModel> {
    const m = this.requireModel();
    return openText(this.runtime, m, () => this.model === m);
  }

  /** The sparse top words of any normalised vector under the current rule (CLI, text results). */
  wordsOf(v: Float32Array, topN: number): WordList {
    const m = this.requireModel();
    if (!m.vocab || !this.rule) throw noVocabulary(m.manifest);
    return wordList(v, this.rule, m.vocab.words, topN);
  }

  /** The loaded bundle's files (e.g. its evaluation set, manifest `eval.dir`). */
  bundleSource(): BundleSource {
    return this.requireModel().source;
  }

  vocabulary(): Vocabulary | null {
    return this.model?.vocab ?? null;
  }

  async dispose(): Promise<void> {
    if (this.model) await releaseModel(this.model);
    this.model = null;
    this.image = null;
  }

  private requireModel(): LoadedModel {
    if (!this.model) throw new EngineError('no-model', 'No model is loaded: load a bundle first.');
    return this.model;
  }

  private grid(m: LoadedModel): [number, number] {
    return [m.manifest.preprocess.grid[0], m.manifest.preprocess.grid[1]];
  }

  private requireDenseWords(): { image: DenseImage; table: WordTable; model: LoadedModel } {
    const model = this.requireModel();
    if (!model.wordTable) {
      const how = model.manifest.wordEmbeddings ? 'read its word table first (prepareWords)' : 'it ships no word embeddings (manifest.json wordEmbeddings) and none were computed from its text graph';
      throw new EngineError('no-vocabulary', `${model.manifest.name} is a dense bundle with no words yet: ${how}.`);
    }
    if (!this.image || this.image.kind !== 'dense') throw new EngineError('no-image', 'No image is encoded: open an image first.');
    return { image: this.image, table: model.wordTable.table, model };
  }

  private requireLexicalImage(): { image: LexicalImage; vocab: Vocabulary } {
    const model = this.requireModel();
    if (model.manifest.kind !== 'lexical' || !model.vocab) throw noVocabulary(model.manifest);
    if (!this.image || this.image.kind !== 'lexical') throw new EngineError('no-image', 'No image is encoded: open an image first.');
    return { image: this.image, vocab: model.vocab };
  }
}
