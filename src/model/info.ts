/**
 * What is known about the loaded model: the Engine's view of it (EngineModelInfo, what the CLI
 * prints), and the page's (ModelInfo: the same, plus how the worker loaded it).
 */
import type { Manifest } from '../bundle/types';
import { visionGraphs } from '../bundle/vision-graphs';
import type { SparsifyRule } from '../lexical/sparse';
import type { Backend } from './backend';
import type { LoadedModel } from './load';
import type { Device } from './runtime';

/** What the engine knows about the loaded bundle. */
export interface EngineModelInfo {
  name: string;
  description: string;
  kind: Manifest['kind'];
  vocabSize: number | null;
  embeddingDim: number | null;
  device: Device;
  /** What ran the model, e.g. "onnxruntime-web 1.30.0 (WASM build)". */
  runtime: string;
  bundleBytes: number;
  inputSize: [number, number];
  grid: [number, number];
  sparsify: SparsifyRule | null;
  textMode: Manifest['text']['mode'];
  hasGallery: boolean;
  hasEval: boolean;
  /**
   * A dense bundle's own word table (manifest wordEmbeddings): how many words, the text template
   * and the vocabulary's rule. null when it ships none (its words can then be computed) or is lexical.
   */
  wordEmbeddings: { count: number; template: string; rule: string } | null;
  /** What the model was trained on (manifest trainedOn), when the bundle says. */
  trainedOn: NonNullable<Manifest['trainedOn']> | null;
  provenance: Manifest['provenance'];
  /** The vision graph that runs, why, and every graph the bundle offers ("exact" first). */
  vision: { name: string; file: string; weights: string; note: string | null; reason: string; offered: string[] };
}

/** The loaded model as the page sees it: the engine's info, its device named as a browser backend. */
export interface ModelInfo extends Omit<EngineModelInfo, 'device'> {
  /** The bundle's cache key (cacheKey in src/bundle/source-msg.ts). */
  key: string;
  backend: Backend;
  /** Why this backend: e.g. "auto: adapter is SwiftShader (software), using WASM". */
  backendReason: string;
  /** true when loaded from the browser's cache rather than the network. */
  fromCache: boolean;
  /** Why a URL bundle came from the cache (it is unchanged on its server); null otherwise. */
  cacheNote: string | null;
}

export function modelInfo(m: LoadedModel, runtime: string, rule: SparsifyRule | null): EngineModelInfo {
  const mf = m.manifest;
  return {
    name: mf.name,
    description: mf.description,
    kind: mf.kind,
    vocabSize: mf.kind === 'lexical' ? (m.vocab?.words.length ?? null) : null,
    embeddingDim: mf.kind === 'dense' ? (mf.embeddingDim ?? null) : null,
    device: m.device,
    runtime,
    bundleBytes: mf.files.reduce((s, f) => s + f.bytes, 0),
    inputSize: [mf.preprocess.inputSize[0], mf.preprocess.inputSize[1]],
    grid: [mf.preprocess.grid[0], mf.preprocess.grid[1]],
    sparsify: rule ? { ...rule } : null,
    textMode: mf.text.mode,
    hasGallery: mf.gallery !== undefined,
    hasEval: mf.eval !== undefined,
    wordEmbeddings: mf.wordEmbeddings
      ? { count: mf.wordEmbeddings.vocabulary.size, template: mf.wordEmbeddings.template, rule: mf.wordEmbeddings.vocabulary.rule }
      : null,
    trainedOn: mf.trainedOn ?? null,
    provenance: mf.provenance,
    vision: {
      name: m.graph.name,
      file: m.graph.file,
      weights: m.graph.weights,
      note: m.graph.note,
      reason: m.graphReason,
      offered: visionGraphs(mf).map((g) => g.name),
    },
  };
}
