/**
 * The Engine: one loaded bundle and one encoded image, and the word views derived from them.
 * The worker and the CLI both drive this class (the CLI with onnxruntime-node), so the numbers
 * the CLI reports are the ones the app shows. It returns plain data in protocol.ts shapes.
 *
 * Failure rules: a failed load keeps the previous model; a failed encode keeps the previous image.
 */
import { loadVocabulary, tryReadJson } from '../bundle/loaders';
import type { BundleSource } from '../bundle/source';
import { verifying } from '../bundle/integrity';
import { graphExpectations } from '../bundle/onnx-graph';
import { validateBundle } from '../bundle/validate-bundle';
import { MANIFEST_FILE, type Manifest } from '../bundle/types';
import { decodeImage, prepareDecode } from '../image/decode';
import { preprocess } from '../image/preprocess';
import { syntheticPng } from '../image/synthetic';
import type { RGBAImage } from '../image/types';
import type { PatchScores } from '../lexical/patch-scores';
import { similarityDense } from '../lexical/patchdis';
import type { SparsifyRule } from '../lexical/sparse';
import { pause } from '../util/tasks';
import type { ImageRGBA, PatchTarget, StageTimings, WordList } from '../worker/protocol';
import { EngineError, invalidBundle, ortMessage } from './errors';
import { firstRun } from './first-run';
import { denseOutputs, lexicalOutputs } from './outputs';
import { feed, type Device, type Runtime, type RuntimeSession } from './runtime';
import { openModel, prefetchModel, type ByteProgress } from './session';
import { TextModel, type TextVector, type Vocabulary } from './text';
import { checkRule, EMPTY_WORDS, wordList } from './words';

/** What the engine knows about the loaded bundle (the worker adds key and fromCache). */
interface EngineModelInfo {
  name: string;
  description: string;
  kind: Manifest['kind'];
  vocabSize: number | null;
  embeddingDim: number | null;
  device: Device;
  runtime: string;
  bundleBytes: number;
  inputSize: [number, number];
  grid: [number, number];
  sparsify: SparsifyRule | null;
  textMode: Manifest['text']['mode'];
  hasGallery: boolean;
  hasEval: boolean;
  provenance: Manifest['provenance'];
}

/** What Engine.warmUp did: the blank run's ms (null: not run) and each warm-up encode's stage timings. */
interface WarmUpReport {
  blankMs: number | null;
  encodes: StageTimings[];
}

/** What an encode knows before inference: the image as the model will see it. */
interface EncodePreview {
  name: string;
  original: { width: number; height: number };
  preview: ImageRGBA;
}

/** Vision weights up to this size get a warm-up run after loading (the shipped tiny models: 4-10 MB). */
const WARM_UP_MAX_BYTES = 64 << 20;
/** Warm-up runs after a load (a blank run, then encodes), and the pause before each encode (see Engine.warmUp). */
export const WARM_UP_RUNS = 3;
const WARM_UP_PAUSE_MS = 1000;
const WARM_UP_NAME = 'warm-up image';
/** The text prepareText encodes (a real query of it is then answered from the text cache). */
const PREPARE_TEXT = 'a photo';
/** A synthetic image no `lexvla bench` run uploads (those use seeds 0, 1, ...). */
const WARM_UP_SEED = -1;
/** As many global words as the app asks for, so postprocessing is warmed on the same sizes. */
const WARM_UP_WORDS = 80;

interface EncodeResult {
  name: string;
  original: { width: number; height: number };
  preview: ImageRGBA;
  /** The model's input crop in original-image pixels (for aligning masks and overlays). */
  crop: { x: number; y: number; width: number; height: number };
  /** Empty for dense bundles (no vocabulary). */
  global: WordList;
  timings: StageTimings;
}

interface LoadedModel {
  manifest: Manifest;
  source: BundleSource;
  device: Device;
  vision: RuntimeSession;
  vocab: Vocabulary | null;
  text: Promise<TextModel> | null; // opened on first use: the explorer may never need it
  /** prepareText's run, once per model. */
  textPrepared: Promise<number> | null;
  /** ms of the blank run the load made (first-run.ts); null when the graph was too large to run. */
  firstRunMs: number | null;
}

/** Where an encoded image came from: its size and the model's crop (to align masks). */
interface EncodedGeometry {
  original: { width: number; height: number };
  crop: { x: number; y: number; width: number; height: number };
}

/** An encoded image: lexical bundles keep PatchScores, dense bundles their embeddings. */
export type EncodedImage = EncodedGeometry & (
  | { kind: 'lexical'; name: string; scores: PatchScores; global: Float32Array /* float32 [V], L2-normalised */ }
  | { kind: 'dense'; name: string; patches: Float32Array /* float32 [P, D] */; global: Float32Array /* float32 [D], L2-normalised */; dim: number }
);

const now = (): number => globalThis.performance.now();

export class Engine {
  private model: LoadedModel | null = null;
  private image: EncodedImage | null = null;
  private rule: SparsifyRule | null = null;
  private encodeSeq = 0;

  constructor(readonly runtime: Runtime) {}

  get manifest(): Manifest | null {
    return this.model?.manifest ?? null;
  }

  get encoded(): EncodedImage | null {
    return this.image;
  }

  /** true when the loaded model passed every check of its load, the first run included (not a `checkedCopy`). */
  get fullyChecked(): boolean {
    return this.model?.firstRunMs != null;
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
  async load(source: BundleSource, device: Device, onProgress?: ByteProgress, opts: { hashesChecked?: boolean; checkedCopy?: boolean } = {}): Promise<EngineModelInfo> {
    if (!opts.hashesChecked) source = verifying(source);
    // A graph small enough for the first run below is read while the bundle is validated: the
    // download overlaps the validation's requests, which pays for that run on a first visit.
    const json = await tryReadJson(source, MANIFEST_FILE);
    const early = 'json' in json ? prefetchModel(source, json.json, WARM_UP_MAX_BYTES, onProgress) : null;
    // The vision graph is checked below, from the bytes read for its session: not read twice.
    const checked = opts.checkedCopy === true;
    const { manifest, issues } = await validateBundle(source, { graphs: (g) => !checked && g.field !== 'vision', masks: !checked });
    if (issues.length > 0 || !manifest) throw invalidBundle(source.name, issues);
    const v = manifest.vision;
    const outputs = [v.outputs.patch?.name, v.outputs.patchTopK?.values.name, v.outputs.patchTopK?.indices.name, v.outputs.global?.name]
      .filter((n): n is string => typeof n === 'string');
    const graph = checked ? undefined : graphExpectations(manifest)[0];
    const files = early && early.paths.join('\n') === [v.file, ...(v.externalData ?? [])].join('\n') ? early.files : undefined;
    const vision = await openModel(this.runtime, source, v, device, { inputs: [v.input.name], outputs, manifestField: 'vision', graph }, onProgress, files);
    // The first run (see first-run.ts) and the vocabulary, side by side: a model is ready only
    // when both succeeded. Graphs over the warm-up limit are not run (seconds on a large model).
    const runs = visionBytes(manifest) <= WARM_UP_MAX_BYTES && !checked;
    const [words, run] = await Promise.allSettled([
      manifest.kind === 'lexical' ? loadVocabulary(source, manifest) : Promise.resolve(null),
      runs ? firstRun(manifest, vision) : Promise.resolve(null),
    ]);
    if (words.status === 'rejected' || run.status === 'rejected') {
      await vision.release().catch(() => undefined);
      // A BundleError from the vocabulary: the worker reports it as bad-bundle with its issues.
      throw words.status === 'rejected' ? words.reason : (run as PromiseRejectedResult).reason;
    }
    const vocab: Vocabulary | null = words.value;
    const previous = this.model;
    this.model = { manifest, source, device, vision, vocab, text: null, textPrepared: null, firstRunMs: run.value };
    this.image = null; // scores of another model mean nothing under this one
    this.rule = manifest.sparsify ? { threshold: manifest.sparsify.threshold, topK: manifest.sparsify.topK } : null;
    if (previous) await releaseModel(previous);
    return this.info();
  }

  /**
   * Warm-up after a load, while the user is still choosing an image. A session's first images are
   * otherwise the slow ones: onnxruntime-web allocates on its first run, and V8 optimises
   * WebAssembly and JavaScript only once they have run hot (onnxruntime-web's kernels, the
   * decoders, the resampling loops), compiling the optimised code in the background on the same
   * cores. So: one run of the vision graph on a blank input, made by the load itself (first-run.ts:
   * the cheapest run, and the check that the graph runs at all), then encodes of a synthetic
   * 640 x 480 PNG (../image/synthetic.ts) through the
   * path a user's image takes (decode, preprocess, run, postprocess, without replacing the
   * explorer's image), each after a pause of `pauseMs`: back to back, on two cores, they starved
   * the page during the compile burst that follows a load (docs/benchmarks.md, "Tried and not kept").
   * An image the user chose ends the warm-up, so it waits for at most the run in progress.
   *
   * Vision weights over `maxBytes` are not run (one run costs seconds that an image chosen at once
   * would wait behind); decoding and preprocessing are still warmed, once. Returns the blank run's
   * ms (null when not run) and each encode's stage timings; nothing when the model was replaced.
   */
  async warmUp(maxBytes = WARM_UP_MAX_BYTES, runs = WARM_UP_RUNS, pauseMs = WARM_UP_PAUSE_MS): Promise<WarmUpReport> {
    const model = this.requireModel();
    const { manifest } = model;
    const runModel = visionBytes(manifest) <= maxBytes;
    const seq = this.encodeSeq;
    const idle = () => this.model === model && this.encodeSeq === seq;
    const report: WarmUpReport = { blankMs: null, encodes: [] };
    try {
      // The load made the blank run already, and checked its outputs (first-run.ts).
      if (runModel && model.firstRunMs !== null) report.blankMs = model.firstRunMs;
      else if (runModel) {
        const [h, w] = manifest.preprocess.inputSize;
        const t0 = now();
        await model.vision.run({ [manifest.vision.input.name]: feed('float32', new Float32Array(3 * h * w), [1, 3, h, w]) });
        report.blankMs = now() - t0;
      }
      let png: Uint8Array | null = null;
      for (let i = 1; i < runs; i++) {
        await pause(pauseMs);
        if (!idle()) break;
        png ??= syntheticPng(WARM_UP_SEED);
        if (!runModel) {
          await prepareDecode(png);
          preprocess(decodeImage(png, WARM_UP_NAME), manifest.preprocess);
          break;
        }
        report.encodes.push((await this.encodeDetached(png, WARM_UP_NAME, WARM_UP_WORDS)).result.timings);
      }
    } catch (e) {
      if (this.model !== model) return { blankMs: null, encodes: [] }; // released by a newer load
      if (e instanceof EngineError) throw e; // from an encode: it names the file already
      throw new EngineError('bad-model', `${manifest.vision.file}: a first run on a blank image failed: ${ortMessage(e)}`);
    }
    return this.model === model ? report : { blankMs: null, encodes: [] };
  }

  info(): EngineModelInfo {
    const m = this.requireModel();
    const mf = m.manifest;
    return {
      name: mf.name,
      description: mf.description,
      kind: mf.kind,
      vocabSize: mf.kind === 'lexical' ? (m.vocab?.words.length ?? null) : null,
      embeddingDim: mf.kind === 'dense' ? (mf.embeddingDim ?? null) : null,
      device: m.device,
      runtime: this.runtime.name,
      bundleBytes: mf.files.reduce((s, f) => s + f.bytes, 0),
      inputSize: [mf.preprocess.inputSize[0], mf.preprocess.inputSize[1]],
      grid: [mf.preprocess.grid[0], mf.preprocess.grid[1]],
      sparsify: this.rule ? { ...this.rule } : null,
      textMode: mf.text.mode,
      hasGallery: mf.gallery !== undefined,
      hasEval: mf.eval !== undefined,
      provenance: mf.provenance,
    };
  }

  /**
   * decode -> preprocess -> run -> postprocess. The image replaces the previous one only on success.
   * `onPreview` hears the preprocessed crop before inference starts (the page shows it meanwhile).
   */
  async encode(bytes: Uint8Array, name: string, topN = 50, onPreview?: (p: EncodePreview) => void): Promise<EncodeResult> {
    const seq = ++this.encodeSeq;
    const model = this.requireModel();
    const { result, image } = await this.encodeDetached(bytes, name, topN, onPreview);
    // A newer encode, or a new model, makes this result stale: report it, but do not keep it.
    if (seq === this.encodeSeq && this.model === model) this.image = image;
    return result;
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
    const model = this.requireModel();
    await prepareDecode(bytes);
    const t0 = now();
    const decoded: RGBAImage = decodeImage(bytes, name);
    const t1 = now();
    const pre = preprocess(decoded, model.manifest.preprocess);
    onPreview?.({ name, original: { width: decoded.width, height: decoded.height }, preview: pre.preview });
    const t2 = now();
    const { input, file } = model.manifest.vision;
    const dims = [1, 3, model.manifest.preprocess.inputSize[0], model.manifest.preprocess.inputSize[1]];
    let outputs: Awaited<ReturnType<RuntimeSession['run']>>;
    try {
      outputs = await model.vision.run({ [input.name]: feed('float32', pre.tensor, dims) });
    } catch (e) {
      throw new EngineError('bad-model', `${file}: running the vision model on ${name} failed: ${ortMessage(e)}`);
    }
    const t3 = now();
    const geometry: EncodedGeometry = { original: { width: decoded.width, height: decoded.height }, crop: pre.crop };
    const image: EncodedImage = model.manifest.kind === 'lexical'
      ? { kind: 'lexical' as const, name, ...geometry, ...lexicalOutputs(model.manifest, outputs, model.vocab!.words.length) }
      : { kind: 'dense' as const, name, ...geometry, ...denseOutputs(model.manifest, outputs) };
    const global = image.kind === 'lexical' ? wordList(image.global, this.rule!, model.vocab!.words, topN) : EMPTY_WORDS;
    const t4 = now();
    const result: EncodeResult = {
      name,
      original: geometry.original,
      preview: pre.preview,
      crop: pre.crop,
      global,
      timings: { decode: t1 - t0, preprocess: t2 - t1, inference: t3 - t2, postprocess: t4 - t3 },
    };
    return { result, image };
  }

  /**
   * A text's relevance on every patch of `image` (default: the current image), for either kind:
   * lexical <normalised v_p, t>; dense cosine(patch embedding, text embedding) (MaskCLIP-style).
   * Returns float32 [patches].
   */
  relevanceOf(query: TextVector, image: EncodedImage | null = this.image): Float32Array {
    if (!image) throw new EngineError('no-image', 'No image is encoded: open an image first.');
    if (image.kind === 'lexical') {
      if (query.kind !== 'lexical') throw new EngineError('internal', 'a dense text vector cannot be compared with lexical patch scores');
      return image.scores.relevance(query.vector);
    }
    if (query.kind !== 'dense') throw new EngineError('internal', 'a lexical text vector cannot be compared with dense patch embeddings');
    return similarityDense(image.patches, query.vector, image.dim);
  }

  /** Top words of the global vector, one patch, or a max-pooled region. */
  words(target: PatchTarget, topN: number): WordList {
    const { image, vocab } = this.requireLexicalImage();
    return wordList(this.vectorFor(image, target), this.rule!, vocab.words, topN);
  }

  /** One word's normalised value on every patch: float32 [patches]. */
  wordHeatmap(word: number): { word: number; label: string; values: Float32Array; min: number; max: number } {
    const { image, vocab } = this.requireLexicalImage();
    if (!Number.isInteger(word) || word < 0 || word >= vocab.words.length) {
      throw new EngineError('internal', `word index ${word} is outside the vocabulary, expected an integer in [0, ${vocab.words.length - 1}]`);
    }
    const values = image.scores.wordColumn(word);
    let min = Infinity;
    let max = -Infinity;
    for (const x of values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return { word, label: vocab.words[word], values, min, max };
  }

  /** Replace the sparsification rule; returns the re-sparsified global words if an image is loaded. */
  setSparsify(rule: SparsifyRule, topN: number): WordList | null {
    const model = this.requireModel();
    if (model.manifest.kind !== 'lexical') throw noVocabulary(model.manifest);
    this.rule = checkRule(rule);
    if (!this.image || this.image.kind !== 'lexical') return null;
    return wordList(this.image.global, this.rule, model.vocab!.words, topN);
  }

  /**
   * Opens the text side and encodes one text through it (tokenizer, text graph, sparsification),
   * so that the user's first query does not pay for it: on lexvla-tiny in the browser the first
   * query reached its heatmap in 518 ms without it, 120 ms with it (docs/benchmarks.md, "Tried and
   * not kept"). The app asks when a text field gets the focus, while the user types. Once per
   * model; resolves to the ms it took, and never rejects (a failure is reported by the query
   * itself, which retries).
   */
  prepareText(): Promise<number> {
    const m = this.requireModel();
    m.textPrepared ??= (async () => {
      const t0 = now();
      const text = await this.text();
      await text.encode(PREPARE_TEXT, this.rule);
      return now() - t0;
    })().catch(() => {
      if (this.model === m) m.textPrepared = null;
      return 0;
    });
    return m.textPrepared;
  }

  /** The text side of the loaded bundle (opened once, on first use). */
  text(): Promise<TextModel> {
    const m = this.requireModel();
    if (!m.text) {
      m.text = TextModel.create(this.runtime, m.source, m.manifest, m.vocab, m.device);
      m.text.catch(() => {
        if (this.model === m) m.text = null; // let a later call retry
      });
    }
    return m.text;
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

  private vectorFor(image: Extract<EncodedImage, { kind: 'lexical' }>, target: PatchTarget): Float32Array {
    if (target.kind === 'global') return image.global;
    try {
      if (target.kind === 'patch') return image.scores.pooled([target.index]);
      return image.scores.pooled(image.scores.regionIndices(target.r0, target.c0, target.r1, target.c1));
    } catch (e) {
      throw new EngineError('internal', `${target.kind} target ${JSON.stringify(target)}: ${(e as Error).message}`);
    }
  }

  private requireModel(): LoadedModel {
    if (!this.model) throw new EngineError('no-model', 'No model is loaded: load a bundle first.');
    return this.model;
  }

  private requireLexicalImage(): { image: Extract<EncodedImage, { kind: 'lexical' }>; vocab: Vocabulary } {
    const model = this.requireModel();
    if (model.manifest.kind !== 'lexical' || !model.vocab) throw noVocabulary(model.manifest);
    if (!this.image || this.image.kind !== 'lexical') throw new EngineError('no-image', 'No image is encoded: open an image first.');
    return { image: this.image, vocab: model.vocab };
  }
}

/** Bytes of the vision weights (graph and external data), which decide whether the graph is run on loading. */
function visionBytes(m: Manifest): number {
  const files = [m.vision.file, ...(m.vision.externalData ?? [])];
  return m.files.filter((f) => files.includes(f.path)).reduce((sum, f) => sum + f.bytes, 0);
}

function noVocabulary(m: Manifest): EngineError {
  return new EngineError('no-vocabulary', `${m.name} is a dense bundle: dense bundles have no vocabulary, so there are no words to show.`);
}

async function releaseModel(m: LoadedModel): Promise<void> {
  await m.vision.release().catch(() => undefined);
  if (m.text) await m.text.then((t) => t.release(), () => undefined).catch(() => undefined);
}
