/**
 * Opening one ONNX graph of a bundle: read the graph and its external-data files from the
 * source (with byte progress), create the session, and check that the graph has the inputs and
 * outputs the manifest promises. Every failure is a 'bad-model' error naming the file.
 */
import { bundlePathProblem, relativeToModel } from '../bundle/paths';
import type { BundleSource } from '../bundle/source';
import type { Manifest, OnnxModelSpec } from '../bundle/types';
import type { VisionGraph } from '../bundle/vision-graphs';
import { checkGraph, type GraphExpectation } from '../bundle/onnx-graph';
import { EngineError, invalidBundle, ortMessage } from './errors';
import type { Device, ExternalDataFile, GraphFacts, Runtime, RuntimeSession } from './runtime';

/** Bytes read so far out of the total, with the file being read. */
export type ByteProgress = (loadedBytes: number, totalBytes: number, label: string) => void;

/** Reads several files of a source, reporting progress over all of them together. */
async function readFiles(
  source: BundleSource,
  paths: readonly string[],
  onProgress?: ByteProgress,
): Promise<Uint8Array[]> {
  const sizes = await Promise.all(paths.map((p) => safeSize(source, p)));
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  const out: Uint8Array[] = [];
  for (let i = 0; i < paths.length; i++) {
    const label = paths[i];
    onProgress?.(done, total, label);
    const bytes = await source.read(label, (loaded: number) => onProgress?.(done + loaded, total, label));
    done += sizes[i] > 0 ? sizes[i] : bytes.length;
    out.push(bytes);
    onProgress?.(done, Math.max(total, done), label);
  }
  return out;
}

/** Size for the progress total; 0 when the source cannot tell (progress then grows as files arrive). */
async function safeSize(source: BundleSource, path: string): Promise<number> {
  const n = await source.size(path).catch(() => null);
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export async function openModel(
  runtime: Runtime,
  source: BundleSource,
  spec: Omit<OnnxModelSpec, 'weights'> & { weights: GraphFacts['weights'] },
  device: Device,
  expect: { inputs: string[]; outputs: string[]; manifestField: string; graph?: GraphExpectation; role: GraphFacts['role'] },
  onProgress?: ByteProgress,
  /** The graph and its external data, when the caller started reading them already (prefetchModel). */
  files?: Promise<Uint8Array[]>,
): Promise<RuntimeSession> {
  const external = spec.externalData ?? [];
  const [graph, ...data] = await (files ?? readFiles(source, [spec.file, ...external], onProgress));
  // The graph's declared inputs and outputs against the manifest, from the bytes just read (the
  // walk skips the weights, so it costs milliseconds), before onnxruntime sees them.
  if (expect.graph) {
    const issues = await checkGraph(graph, expect.graph);
    if (issues.length > 0) throw invalidBundle(source.name, issues);
  }
  const externalData: ExternalDataFile[] = external.map((p, i) => ({ path: relativeToModel(spec.file, p), data: data[i] }));
  let session: RuntimeSession;
  try {
    session = await runtime.createSession(graph, externalData, device, { role: expect.role, weights: spec.weights });
  } catch (e) {
    throw new EngineError('bad-model', `${spec.file}: ${runtime.name} could not load the model on ${device}: ${ortMessage(e)}`);
  }
  const missing = (kind: 'input' | 'output', want: string[], have: readonly string[]): string | null => {
    const absent = want.filter((n) => !have.includes(n));
    if (absent.length === 0) return null;
    return `${spec.file}: the graph has no ${kind} ${absent.map((n) => `"${n}"`).join(', ')} ` +
      `(its ${kind}s are ${have.map((n) => `"${n}"`).join(', ') || 'none'}); ` +
      `manifest.json ${expect.manifestField} names ${want.map((n) => `"${n}"`).join(', ')}`;
  };
  const problem = missing('input', expect.inputs, session.inputNames) ?? missing('output', expect.outputs, session.outputNames);
  if (problem !== null) {
    await session.release().catch(() => undefined);
    throw new EngineError('bad-model', problem);
  }
  return session;
}

/**
 * Starts reading the vision graph that will run, and its external data, before the bundle is
 * validated, so that the download and the validation's own requests overlap; `graph` as chosen
 * from the manifest's fields (load.ts). Only for graphs up to `maxBytes` (listed sizes): a bundle
 * found invalid meanwhile has its read wasted, which must stay small. A failure waits for
 * openModel (or is dropped with the bundle, when validation has found problems of its own).
 */
export function prefetchModel(
  source: BundleSource,
  manifest: Manifest,
  graph: VisionGraph,
  maxBytes: number,
  onProgress?: ByteProgress,
): { paths: string[]; files: Promise<Uint8Array[]> } | null {
  const paths = [graph.file, ...graph.externalData];
  if (!paths.every((p) => bundlePathProblem(p) === null)) return null;
  const sizes = paths.map((p) => manifest.files.find((f) => f.path === p)?.bytes);
  if (!sizes.every((b): b is number => typeof b === 'number') || sizes.reduce((a, b) => a + b, 0) > maxBytes) return null;
  const read = readFiles(source, paths, onProgress);
  read.catch(() => undefined);
  return { paths, files: read };
}
