/**
 * Opening one ONNX graph of a bundle: read the graph and its external-data files from the
 * source (with byte progress), create the session, and check that the graph has the inputs and
 * outputs the manifest promises. Every failure is a 'bad-model' error naming the file.
 */
import type { BundleSource } from '../bundle/source';
import type { OnnxModelSpec } from '../bundle/types';
import { EngineError, ortMessage } from './errors';
import type { Device, ExternalDataFile, Runtime, RuntimeSession } from './runtime';

/** Bytes read so far out of the total, with the file being read. */
export type ByteProgress = (loadedBytes: number, totalBytes: number, label: string) => void;

/** Reads several files of a source, reporting progress over all of them together. */
export async function readFiles(
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

/**
 * The graph refers to external data by a path relative to the graph file ("model.onnx.data"),
 * while the manifest lists it relative to the bundle root ("vision/model.onnx.data").
 */
export function relativeToModel(modelFile: string, dataFile: string): string {
  const dir = modelFile.includes('/') ? modelFile.slice(0, modelFile.lastIndexOf('/') + 1) : '';
  return dir !== '' && dataFile.startsWith(dir) ? dataFile.slice(dir.length) : dataFile;
}

export async function openModel(
  runtime: Runtime,
  source: BundleSource,
  spec: OnnxModelSpec,
  device: Device,
  expect: { inputs: string[]; outputs: string[]; manifestField: string },
  onProgress?: ByteProgress,
): Promise<RuntimeSession> {
  const external = spec.externalData ?? [];
  const [graph, ...data] = await readFiles(source, [spec.file, ...external], onProgress);
  const externalData: ExternalDataFile[] = external.map((p, i) => ({ path: relativeToModel(spec.file, p), data: data[i] }));
  let session: RuntimeSession;
  try {
    session = await runtime.createSession(graph, externalData, device);
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
