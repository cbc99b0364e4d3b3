// Runs a bundle's ONNX graphs with onnxruntime-node on its parity golden and prints the largest
// differences from the PyTorch outputs. A quick check for the exporter, not the app's test.
//   ONNXRUNTIME_NODE_INSTALL=skip node train/scripts/check_parity.mjs <bundle dir> <golden dir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decode } from 'fast-png';

const [bundleDir, goldenDir] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8'));
const golden = JSON.parse(readFileSync(join(goldenDir, 'golden.json'), 'utf8'));
const f32 = (name) => { const b = readFileSync(join(goldenDir, name)); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

const png = decode(readFileSync(join(goldenDir, golden.image)));
const { mean, std, rescale } = manifest.preprocess;
const [h, w] = manifest.preprocess.inputSize;
const channels = png.channels;
const pixels = new Float32Array(3 * h * w);
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
  pixels[c * h * w + y * w + x] = (png.data[(y * w + x) * channels + c] * rescale - mean[c]) / std[c];
}
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

const vision = await ort.InferenceSession.create(join(bundleDir, manifest.vision.file));
const out = await vision.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, h, w]) });
const width = golden.width;
const report = { global: maxDiff(out[golden.global.output].data, f32(golden.global.file)) };
const patchRef = f32(golden.patch.file);
const patchOut = out[golden.patch.output].data;
report.patch = Math.max(...golden.patch.patches.map((p, i) =>
  maxDiff(patchOut.subarray(p * width, (p + 1) * width), patchRef.subarray(i * width, (i + 1) * width))));
const text = await ort.InferenceSession.create(join(bundleDir, manifest.text.model.file));
const textRef = f32(golden.text.file);
report.text = 0;
for (const [i, c] of golden.text.captions.entries()) {
  const L = c.input_ids.length;
  const r = await text.run({
    input_ids: new ort.Tensor('int64', BigInt64Array.from(c.input_ids.map(BigInt)), [1, L]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(c.attention_mask.map(BigInt)), [1, L]),
  });
  report.text = Math.max(report.text, maxDiff(r[golden.text.output].data, textRef.subarray(i * width, (i + 1) * width)));
}
console.log(JSON.stringify({ bundle: manifest.name, maxAbsDiff: report }));
