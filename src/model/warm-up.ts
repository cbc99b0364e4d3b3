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
 */
import { decodeImage, prepareDecode } from '../image/decode';
import { preprocess } from '../image/preprocess';
import { syntheticPng } from '../image/synthetic';
import { pause } from '../util/tasks';
import type { StageTimings } from './encode';
import { EngineError, ortMessage } from './errors';
import { visionBytes, type LoadedModel } from './load';
import { feed } from './runtime';

/** What a warm-up did: the blank run's ms (null: not run) and each warm-up encode's stage timings. */
interface WarmUpReport {
  blankMs: number | null;
  encodes: StageTimings[];
}

/** Warm-up runs after a load (a blank run, then encodes), and the pause before each encode. */
export const WARM_UP_RUNS = 3;
export const WARM_UP_PAUSE_MS = 1000;
const WARM_UP_NAME = 'warm-up image';
/** A synthetic image no `lexvla bench` run uploads (those use seeds 0, 1, ...). */
const WARM_UP_SEED = -1;
/** As many global words as the app asks for, so postprocessing is warmed on the same sizes. */
const WARM_UP_WORDS = 80;

/** What the warm-up needs from the Engine that holds `model`. */
interface WarmUpPort {
  /** `model` is still the Engine's model (no newer load replaced it). */
  current(): boolean;
  /** ...and no image was encoded since the warm-up began. */
  idle(): boolean;
  /** An encode that does not replace the explorer's image. */
  encode(bytes: Uint8Array, name: string, topN: number): Promise<StageTimings>;
}

/**
 * Vision weights over `maxBytes` are not run (one run costs seconds that an image chosen at once
 * would wait behind); decoding and preprocessing are still warmed, once. Returns the blank run's
 * ms (null when not run) and each encode's stage timings; nothing when the model was replaced.
 */
export async function warmUp(model: LoadedModel, port: WarmUpPort, maxBytes: number, runs: number, pauseMs: number): Promise<WarmUpReport> {
  const { manifest } = model;
  const runModel = visionBytes(manifest) <= maxBytes;
  const report: WarmUpReport = { blankMs: null, encodes: [] };
  try {
    // The load made the blank run already, and checked its outputs (first-run.ts).
    if (runModel && model.firstRunMs !== null) report.blankMs = model.firstRunMs;
    else if (runModel) {
      const [h, w] = manifest.preprocess.inputSize;
      const t0 = globalThis.performance.now();
      await model.vision.run({ [manifest.vision.input.name]: feed('float32', new Float32Array(3 * h * w), [1, 3, h, w]) });
      report.blankMs = globalThis.performance.now() - t0;
    }
    let png: Uint8Array | null = null;
    for (let i = 1; i < runs; i++) {
      await pause(pauseMs);
      if (!port.idle()) break;
      png ??= syntheticPng(WARM_UP_SEED);
      if (!runModel) {
        await prepareDecode(png);
        preprocess(decodeImage(png, WARM_UP_NAME), manifest.preprocess);
        break;
      }
      report.encodes.push(await port.encode(png, WARM_UP_NAME, WARM_UP_WORDS));
    }
  } catch (e) {
    if (!port.current()) return { blankMs: null, encodes: [] }; // released by a newer load
    if (e instanceof EngineError) throw e; // from an encode: it names the file already
    throw new EngineError('bad-model', `${manifest.vision.file}: a first run on a blank image failed: ${ortMessage(e)}`);
  }
  return port.current() ? report : { blankMs: null, encodes: [] };
}
