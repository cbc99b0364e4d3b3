/**
 * The only module that imports onnxruntime-node (CLI and Node tests). Same `Runtime` as the
 * browser (src/model/runtime.ts), so the CLI measures the code path the app runs.
 */
// Node's other platform binding: where the image decoders' WebAssembly comes from.
import './codecs-node';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createRuntime, type Runtime, type SessionOpener } from '../src/model/runtime';

/**
 * onnxruntime-node ignores in-memory `externalData`: it resolves external weights relative to
 * the model's path on disk. So a graph with external data is written to a temporary folder,
 * opened by path, and the folder removed once the weights are loaded.
 */
const openNode: SessionOpener = async (_ort, bytes, externalData, options) => {
  if (externalData.length === 0) return ort.InferenceSession.create(bytes, options);
  const dir = await mkdtemp(join(tmpdir(), 'lexvla-ort-'));
  try {
    const modelPath = join(dir, 'model.onnx');
    await writeFile(modelPath, bytes);
    for (const f of externalData) {
      const target = join(dir, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.data);
    }
    return await ort.InferenceSession.create(modelPath, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

let runtime: Runtime | null = null;

export function nodeRuntime(): Runtime {
  // No flags to set: the CPU provider picks its own thread count, and there is no WASM to locate.
  runtime ??= createRuntime({ name: () => `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim(), devices: ['cpu'], module: () => ort, open: openNode });
  return runtime;
}
