/**
 * Parity of the two committed bundles with PyTorch. The app's own path runs here:
 * src/model Engine (PNG decode -> TS preprocessing -> vision ONNX) and TextModel (the bundle's
 * tokenizer.json through @huggingface/tokenizers -> text ONNX), on onnxruntime-node
 * (cli/ort-node.ts). The references in train/golden/<bundle>/ were written by
 * train/lexvla/golden.py from the same fp16-rounded weights, so only float32 arithmetic
 * (op order, fused kernels) may differ.
 *
 * Tolerance: max |ts - torch| <= RTOL * max |torch| per output. Measured on the current bundles:
 * lexvla-tiny's vision graph (a residual CNN) 2.1e-4 (global) and 2.6e-4 (patch scores, relative to
 * the largest listed patch value), the same
 * in onnxruntime for Python with every graph optimisation off, so it is float32 kernel order
 * through the convolutions, not the export; text graphs <= 5e-7. RTOL leaves ~4x headroom on the
 * vision graph. Token ids must match exactly. docs/training.md states the same numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { sourceFromDir } from '../src/bundle/node-source';
import { Engine } from '../src/model/engine';
import { feed } from '../src/model/runtime';
import { openModel } from '../src/model/session';
import { toDense } from '../src/lexical/sparse';
import { nodeRuntime } from './ort-node';

const RTOL = 1e-3;

interface Golden {
  bundle: string;
  kind: 'lexical' | 'dense';
  width: number;
  image: string;
  global: { file: string; output: string; shape: number[] };
  patch: { file: string; output: string; patches: number[]; shape: number[] };
  text: { file: string; output: string; shape: number[]; captions: Array<{ text: string; input_ids: number[]; attention_mask: number[] }> };
}

/** max |a - b| / max |b|: one number per output, named in the failure message. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

function f32(dir: string, file: string): Float32Array {
  const b = readFileSync(join(dir, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); // little-endian, as written
}

function unit(v: Float32Array): Float32Array {
  let ss = 0;
  for (const x of v) ss += x * x;
  return v.map((x) => x / Math.sqrt(ss));
}

describe.each(['lexvla-tiny', 'clip-tiny'])('%s: TypeScript + onnxruntime-node vs PyTorch', (name) => {
  const bundleDir = join('public/models', name);
  const goldenDir = join('train/golden', name);
  const golden: Golden = JSON.parse(readFileSync(join(goldenDir, 'golden.json'), 'utf8'));
  const W = golden.width;

  it('vision: global vector and patch outputs from the golden PNG', async () => {
    const engine = new Engine(nodeRuntime());
    await engine.load(sourceFromDir(bundleDir), 'cpu');
    try {
      expect(engine.info().kind).toBe(golden.kind);
      const { image } = await engine.encodeDetached(new Uint8Array(readFileSync(join(goldenDir, golden.image))), golden.image, 0);
      expect({ output: golden.global.output, rel: relDiff(image.global, f32(goldenDir, golden.global.file)) })
        .toSatisfy((r: { rel: number }) => r.rel <= RTOL);
      const rows = image.kind === 'lexical' ? image.scores.scores : image.patches; // float32 [256, V|D]
      const ref = f32(goldenDir, golden.patch.file); // float32 [patches, V|D]
      // Relative to the largest value of the listed patches (the output's scale), as for the other
      // outputs: a background patch whose values are all near 0 would otherwise divide by ~0.
      let scale = 0;
      for (const x of ref) scale = Math.max(scale, Math.abs(x));
      golden.patch.patches.forEach((p, i) => {
        const got = rows.subarray(p * W, (p + 1) * W);
        const want = ref.subarray(i * W, (i + 1) * W);
        let err = 0;
        for (let j = 0; j < W; j++) err = Math.max(err, Math.abs(got[j] - want[j]));
        expect({ output: golden.patch.output, patch: p, rel: err / scale }).toSatisfy((r: { rel: number }) => r.rel <= RTOL);
      });
    } finally {
      await engine.dispose();
    }
  });

  it('tokenizer: @huggingface/tokenizers on the bundle tokenizer.json gives Python\'s ids', () => {
    // Constructed as src/model/text.ts does (no tokenizer_config.json: its defaults).
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(bundleDir, 'tokenizer.json'), 'utf8')), {});
    for (const c of golden.text.captions) {
      const ids = tokenizer.encode(c.text).ids;
      const L = c.input_ids.length;
      const padded = Array.from({ length: L }, (_, i) => (i < ids.length ? ids[i] : 0));
      expect({ caption: c.text, ids: padded }).toEqual({ caption: c.text, ids: c.input_ids });
      expect(c.attention_mask.reduce((s, m) => s + m, 0)).toBe(Math.min(ids.length, L));
    }
  });

  it('text: raw text-graph output on the TS ids, and the app\'s normalised text vector', async () => {
    const runtime = nodeRuntime();
    const engine = new Engine(runtime);
    const source = sourceFromDir(bundleDir);
    await engine.load(source, 'cpu');
    const manifest = engine.manifest!;
    const spec = manifest.text;
    if (spec.mode !== 'onnx') throw new Error(`${bundleDir}/manifest.json: text.mode is ${spec.mode}, expected "onnx"`);
    const session = await openModel(runtime, source, spec.model, 'cpu', {
      inputs: [spec.model.inputs.ids.name, spec.model.inputs.mask!.name], outputs: [spec.model.output.name], manifestField: 'text.model', role: 'text',
    });
    try {
      const textModel = await engine.text();
      const ref = f32(goldenDir, golden.text.file); // float32 [3, V|D]
      for (const [i, c] of golden.text.captions.entries()) {
        const want = ref.subarray(i * W, (i + 1) * W);
        const L = c.input_ids.length;
        const out = await session.run({
          [spec.model.inputs.ids.name]: feed('int64', BigInt64Array.from(c.input_ids, BigInt), [1, L]),
          [spec.model.inputs.mask!.name]: feed('int64', BigInt64Array.from(c.attention_mask, BigInt), [1, L]),
        });
        const raw = out[golden.text.output].data as Float32Array;
        expect({ caption: c.text, rel: relDiff(raw, want) }).toSatisfy((r: { rel: number }) => r.rel <= RTOL);
        // The app path (tokenise + run + normalise); threshold 0 keeps every ELU1p score (> 0).
        const v = await textModel.encode(c.text, { threshold: 0, topK: null });
        const app = v.kind === 'lexical' ? toDense(v.vector, W) : v.vector;
        expect({ caption: c.text, rel: relDiff(app, unit(want)) }).toSatisfy((r: { rel: number }) => r.rel <= RTOL);
      }
    } finally {
      await session.release();
      await engine.dispose();
    }
  });
});
