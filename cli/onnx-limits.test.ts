/**
 * ORT_LIMITS (src/bundle/onnx-graph.ts) are what onnxruntime 1.30 loads, measured: a graph at each
 * limit loads, one past it is refused. onnxruntime-node and onnxruntime-web 1.30 share the core
 * that makes this decision (checked once by hand with onnxruntime-web's Node build: same answers).
 * A version bump of onnxruntime that moves a limit fails here, and the constant moves with it.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ORT_LIMITS } from '../src/bundle/onnx-graph';
import { constantGraph, ELEM } from '../src/bundle/onnx-write';

const graph = (irVersion: number, opsets: Array<[string, number]>) =>
  constantGraph({ irVersion, opsets, inputs: [{ name: 'x', elemType: ELEM.float32, shape: [1] }], outputs: [{ name: 'y', elemType: ELEM.float32, shape: [1] }] });

const loads = (bytes: Uint8Array) =>
  ort.InferenceSession.create(bytes, { logSeverityLevel: 4 }).then(
    async (s) => (await s.release(), true),
    () => false,
  );

describe('onnxruntime 1.30 limits', () => {
  it('is the version the limits were measured with', () => {
    expect(ORT_LIMITS.runtime).toBe(`onnxruntime-web ${ort.env.versions.common.split('.').slice(0, 2).join('.')}`);
  });

  it.each([
    ['ir_version', (n: number) => graph(n, [['', 17]]), ORT_LIMITS.irVersion],
    ['opset ai.onnx', (n: number) => graph(10, [['', n]]), ORT_LIMITS.opsets['ai.onnx']],
    ['opset ai.onnx.ml', (n: number) => graph(10, [['', 17], ['ai.onnx.ml', n]]), ORT_LIMITS.opsets['ai.onnx.ml']],
  ] as const)('%s: loads at the limit, refused past it', async (_, make, limit) => {
    expect(await loads(make(limit))).toBe(true);
    expect(await loads(make(limit + 1))).toBe(false);
  });
});
