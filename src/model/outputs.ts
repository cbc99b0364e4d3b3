/**
 * Vision graph outputs -> what the engine keeps. Shapes are checked against the manifest so a
 * graph that disagrees with its manifest fails with both shapes named, not with garbage words.
 */
import type { Manifest } from '../bundle/types';
import { PatchScores } from '../lexical/patch-scores';
import { l2normalize } from '../lexical/sparse';
import { EngineError } from './errors';
import type { Tensor } from './runtime';

type Outputs = Record<string, Tensor>;

function take(m: Manifest, outputs: Outputs, name: string, field: string, expected: number): Tensor {
  const t = outputs[name];
  if (!t) throw new EngineError('bad-model', `${m.vision.file}: the run returned no output "${name}" (manifest.json ${field})`);
  if (t.data.length !== expected) {
    throw new EngineError(
      'bad-model',
      `${m.vision.file}: output "${name}" has shape [${t.dims.join(', ')}] (${t.data.length} values), expected ${expected} values for manifest.json ${field}`,
    );
  }
  return t;
}

function floats(t: Tensor): Float32Array {
  if (t.type !== 'float32') throw new EngineError('bad-model', `output is ${t.type}, expected float32`);
  return t.data as Float32Array;
}

export function lexicalOutputs(m: Manifest, outputs: Outputs, vocab: number): { scores: PatchScores; global: Float32Array } {
  const [rows, cols] = m.preprocess.grid;
  const P = rows * cols;
  const grid: [number, number] = [rows, cols];
  let scores: PatchScores;
  if (m.vision.outputs.patch) {
    // float32 [1, P, V]: owned by this run's tensor, so no copy.
    scores = new PatchScores(floats(take(m, outputs, m.vision.outputs.patch.name, 'vision.outputs.patch', P * vocab)), P, vocab, grid);
  } else if (m.vision.outputs.patchTopK) {
    const { values, indices, k } = m.vision.outputs.patchTopK;
    const vt = take(m, outputs, values.name, 'vision.outputs.patchTopK.values', P * k); // float32 [1, P, k]
    const it = take(m, outputs, indices.name, 'vision.outputs.patchTopK.indices', P * k); // int64|int32 [1, P, k]
    scores = PatchScores.fromTopK(floats(vt), it.data as ArrayLike<number | bigint>, P, k, vocab, grid);
  } else {
    throw new EngineError('bad-bundle', 'manifest.json: vision.outputs has neither "patch" nor "patchTopK", expected one of them for a lexical bundle');
  }
  // The model's own global vector when it ships one; otherwise the paper's max-pool over patches.
  const global = m.vision.outputs.global
    ? l2normalize(Float32Array.from(floats(take(m, outputs, m.vision.outputs.global.name, 'vision.outputs.global', vocab))))
    : scores.pooled('all');
  return { scores, global };
}

export function denseOutputs(m: Manifest, outputs: Outputs): { patches: Float32Array; global: Float32Array; dim: number } {
  const D = m.embeddingDim;
  if (!D) throw new EngineError('bad-bundle', `manifest.json: embeddingDim is ${String(D)}, expected a positive integer for a dense bundle`);
  const P = m.preprocess.grid[0] * m.preprocess.grid[1];
  const patchSpec = m.vision.outputs.patch;
  const patches = patchSpec ? floats(take(m, outputs, patchSpec.name, 'vision.outputs.patch', P * D)) : new Float32Array(0);
  let global: Float32Array;
  if (m.vision.outputs.global) {
    global = Float32Array.from(floats(take(m, outputs, m.vision.outputs.global.name, 'vision.outputs.global', D)));
  } else if (patchSpec) {
    // No global output: mean of the patch embeddings (inferred; CLIP-style models pool a CLS token instead).
    global = new Float32Array(D);
    for (let p = 0; p < P; p++) for (let d = 0; d < D; d++) global[d] += patches[p * D + d] / P;
  } else {
    throw new EngineError('bad-bundle', 'manifest.json: vision.outputs has neither "patch" nor "global", expected at least one for a dense bundle');
  }
  return { patches, global: l2normalize(global), dim: D };
}
