/**
 * The lean session options (src/model/runtime.ts sessionOptions, paper-sized float16 vision
 * graphs) on a real graph: onnxruntime keeps the weights float16 (the graph it optimized is about
 * half the size of the one it makes by default, whose Casts are folded into float32 copies), and
 * the outputs are the same. On the shipped lexvla-tiny vision graph, opened with the options a graph
 * over LEAN_MIN_BYTES gets.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { LEAN_MIN_BYTES, sessionOptions } from '../src/model/runtime';

const BUNDLE = join(__dirname, '..', 'public', 'models', 'lexvla-tiny');

describe('lean sessions', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keep float16 weights float16 and compute what the default options compute', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lexvla-lean-'));
    const manifest = JSON.parse(await readFile(join(BUNDLE, 'manifest.json'), 'utf8'));
    const bytes = await readFile(join(BUNDLE, manifest.vision.file));
    const open = async (size: number, file: string) => {
      const options = { ...sessionOptions('cpu', size, { role: 'vision', weights: 'fp16' }), optimizedModelFilePath: join(dir, file) };
      return ort.InferenceSession.create(bytes, options);
    };
    const lean = await open(LEAN_MIN_BYTES + 1, 'lean.onnx');
    const plain = await open(bytes.length, 'plain.onnx');
    const [leanSize, plainSize] = await Promise.all([stat(join(dir, 'lean.onnx')), stat(join(dir, 'plain.onnx'))]).then((s) => s.map((x) => x.size));
    expect(leanSize).toBeLessThan(0.6 * plainSize);

    const input = manifest.vision.input as { name: string; shape: number[] };
    const pixels = Float32Array.from({ length: input.shape.reduce((n, d) => n * d, 1) }, (_, i) => Math.sin(i * 0.37));
    const feeds = { [input.name]: new ort.Tensor('float32', pixels, input.shape) };
    const [a, b] = [await lean.run(feeds), await plain.run(feeds)];
    for (const out of lean.outputNames) {
      const x = a[out].data as Float32Array;
      const y = b[out].data as Float32Array;
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < y.length; i++) {
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
        scale = Math.max(scale, Math.abs(y[i]));
      }
      expect(diff / scale, out).toBeLessThan(1e-5);
    }
    await Promise.all([lean.release(), plain.release()]);
  });
});
