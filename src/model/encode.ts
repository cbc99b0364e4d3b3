/**
 * One image through the vision graph: decode -> preprocess -> run -> postprocess, timed per
 * stage. Keeps nothing: the Engine decides whether the encoded image replaces its current one.
 */
import { decodeImage, prepareDecode } from '../image/decode';
import { preprocess } from '../image/preprocess';
import type { RGBAImage } from '../image/types';
import type { PatchScores } from '../lexical/patch-scores';
import type { SparsifyRule } from '../lexical/sparse';
import { EMPTY_WORDS, wordList, type WordList } from '../lexical/word-list';
import { EngineError, ortMessage } from './errors';
import type { LoadedModel } from './load';
import { denseOutputs, lexicalOutputs } from './outputs';
import { feed, type RuntimeSession } from './runtime';

/** What the model saw: the preprocessed crop, before normalisation. */
export type ImageRGBA = RGBAImage;

export interface StageTimings {
  decode: number;
  preprocess: number;
  inference: number;
  postprocess: number;
}

/** What an encode knows before inference: the image as the model will see it. */
export interface EncodePreview {
  name: string;
  original: { width: number; height: number };
  preview: ImageRGBA;
}

export interface EncodeResult {
  name: string;
  original: { width: number; height: number };
  preview: ImageRGBA;
  /** The model's input crop in original-image pixels (for aligning masks and overlays). */
  crop: { x: number; y: number; width: number; height: number };
  /** Empty for dense bundles (no vocabulary). */
  global: WordList;
  timings: StageTimings;
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

/**
 * Encodes `bytes` with `model`; the global words (lexical) are the strongest `topN` under the
 * rule in force when inference is done (`rule()`: the user may change it meanwhile).
 * `onPreview` hears the preprocessed crop before inference starts (the page shows it meanwhile).
 */
export async function encodeImage(
  model: LoadedModel,
  rule: () => SparsifyRule | null,
  bytes: Uint8Array,
  name: string,
  topN: number,
  onPreview?: (p: EncodePreview) => void,
): Promise<{ result: EncodeResult; image: EncodedImage }> {
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
  const global = image.kind === 'lexical' ? wordList(image.global, rule()!, model.vocab!.words, topN) : EMPTY_WORDS;
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
