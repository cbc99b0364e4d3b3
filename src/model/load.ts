/**
 * Loading a bundle into a LoadedModel: validate, open the vision graph, make its first run and
 * read the vocabulary. The Engine swaps the result in only when all of it succeeded.
 */
import { loadVocabulary, tryReadJson } from '../bundle/loaders';
import type { BundleSource } from '../bundle/source';
import { verifying } from '../bundle/integrity';
import { graphExpectations } from '../bundle/onnx-graph';
import { validateBundle } from '../bundle/validate-bundle';
import { validateManifest } from '../bundle/validate-manifest';
import { MANIFEST_FILE, type Manifest } from '../bundle/types';
import { AUTO_VARIANT, chooseVisionGraph, filesNotRun, withVisionGraph, type VariantChoice, type VisionGraph } from '../bundle/vision-graphs';
import { invalidBundle } from './errors';
import { firstRun } from './first-run';
import type { Device, Runtime, RuntimeSession } from './runtime';
import { openModel, prefetchModel, type ByteProgress } from './session';
import type { TextModel, Vocabulary } from './text';
import type { LoadedWordTable } from './word-table';

export interface LoadedModel {
  /** As the chosen vision graph sees it: `vision.file` is that graph (withVisionGraph). */
  manifest: Manifest;
  /** The vision graph that runs (the exact one or a variant), and why it was chosen. */
  graph: VisionGraph;
  graphReason: string;
  /** The files of the bundle's other vision graphs, which this load did not read. */
  unreadFiles: string[];
  source: BundleSource;
  device: Device;
  vision: RuntimeSession;
  vocab: Vocabulary | null;
  text: Promise<TextModel> | null; // opened on first use: the explorer may never need it
  /** prepareText's run, once per model. */
  textPrepared: Promise<number> | null;
  /** ms of the blank run the load made (first-run.ts); null when the graph was too large to run. */
  firstRunMs: number | null;
  /** A dense model's word table once read or computed (./word-table.ts), and the run making it. */
  wordTable: LoadedWordTable | null;
  wordTableJob: Promise<LoadedWordTable> | null;
}

export interface LoadOptions {
  /** The caller checks the files' SHA-256 itself (see Engine.load). */
  hashesChecked?: boolean;
  /**
   * These very bytes passed every check of this build on this runtime and device before, with
   * the vision graph named (a function: asked for the graph this load runs; see checkedKey in
   * src/worker/handlers.ts).
   */
  checkedCopy?: boolean | ((graph: string) => boolean);
  /** Which vision graph to run: "auto" (default; see chooseVisionGraph), "exact" or a variant's name. */
  variant?: VariantChoice;
}

/** Vision weights up to this size get a first run on loading and a warm-up (the shipped tiny models: 4-10 MB). */
export const WARM_UP_MAX_BYTES = 64 << 20;

/** See Engine.load, which keeps the previous model when this fails. */
export async function loadModel(
  runtime: Runtime,
  source: BundleSource,
  device: Device,
  onProgress: ByteProgress | undefined,
  opts: LoadOptions,
): Promise<LoadedModel> {
  if (!opts.hashesChecked) source = verifying(source);
  // A graph small enough for the first run below is read while the bundle is validated: the
  // download overlaps the validation's requests, which pays for that run on a first visit.
  const json = await tryReadJson(source, MANIFEST_FILE);
  // The vision graph that runs is checked below, from the bytes read for its session: not read
  // twice. The bundle's other vision graphs (exact or variants) are not read by this load at all.
  const pre = 'json' in json ? validateManifest(json.json).manifest : null;
  const preGraph = pre ? chooseVisionGraph(pre, opts.variant ?? AUTO_VARIANT, device).graph : null;
  const early = pre && preGraph ? prefetchModel(source, pre, preGraph, WARM_UP_MAX_BYTES, onProgress) : null;
  const graphName = preGraph?.name ?? null;
  const checked = typeof opts.checkedCopy === 'function' ? graphName !== null && opts.checkedCopy(graphName) : opts.checkedCopy === true;
  const isVision = (field: string) => field === 'vision' || field.startsWith('vision.variants[');
  const validated = await validateBundle(source, { graphs: (g) => !checked && !isVision(g.field), masks: !checked });
  if (validated.issues.length > 0 || !validated.manifest) throw invalidBundle(source.name, validated.issues);
  const chosen = chooseVisionGraph(validated.manifest, opts.variant ?? AUTO_VARIANT, device);
  const manifest = withVisionGraph(validated.manifest, chosen.graph);
  const v = manifest.vision;
  const outputs = [v.outputs.patch?.name, v.outputs.patchTopK?.values.name, v.outputs.patchTopK?.indices.name, v.outputs.global?.name]
    .filter((n): n is string => typeof n === 'string');
  const graph = checked ? undefined : graphExpectations(validated.manifest).find((g) => g.field === chosen.graph.field);
  const files = early && early.paths.join('\n') === [v.file, ...(v.externalData ?? [])].join('\n') ? early.files : undefined;
  // The chosen graph's own weights: a variant's (int8) are not the exact graph's that `v` keeps.
  const spec = { file: v.file, externalData: v.externalData, weights: chosen.graph.weights };
  const vision = await openModel(runtime, source, spec, device, { inputs: [v.input.name], outputs, manifestField: chosen.graph.field, graph, role: 'vision' }, onProgress, files);
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
  return {
    manifest, graph: chosen.graph, graphReason: chosen.reason, unreadFiles: filesNotRun(validated.manifest, chosen.graph),
    source, device, vision, vocab: words.value, text: null, textPrepared: null, firstRunMs: run.value, wordTable: null, wordTableJob: null,
  };
}

/** Bytes of the vision weights (graph and external data), which decide whether the graph is run on loading. */
export function visionBytes(m: Manifest): number {
  const files = [m.vision.file, ...(m.vision.externalData ?? [])];
  return m.files.filter((f) => files.includes(f.path)).reduce((sum, f) => sum + f.bytes, 0);
}

export async function releaseModel(m: LoadedModel): Promise<void> {
  await m.vision.release().catch(() => undefined);
  if (m.text) await m.text.then((t) => t.release(), () => undefined).catch(() => undefined);
}
