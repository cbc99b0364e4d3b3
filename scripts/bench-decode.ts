/**
 * Decode and preprocess alone, in Node, on the images `lexvla bench` uploads (seeded 640 x 480 PNGs
 * of coloured blocks, the same generator), through the modules the worker runs (src/image).
 * Prints the first call (code not yet optimised, as in a page that has seen one image) and the
 * median of later calls.
 *
 *   npx tsx scripts/bench-decode.ts [--bundle public/models/lexvla-tiny] [--runs 200]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import '../cli/codecs-node'; // the image decoders' WebAssembly, loaded before the first call
import { decodeImage } from '../src/image/decode';
import { preprocess } from '../src/image/preprocess';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const bundle = arg('bundle', 'public/models/lexvla-tiny');
const runs = Number(arg('runs', '200'));
const spec = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')).preprocess;

/** cli/bench.ts's image generator: 12 random blocks on black, different for every run. */
function benchImage(run: number): Uint8Array {
  const [w, h] = [640, 480];
  const data = new Uint8Array(w * h * 3);
  let seed = 0x9e3779b9 ^ (run * 0x85ebca6b);
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  for (let b = 0; b < 12; b++) {
    const [x0, y0] = [Math.floor(rand() * w), Math.floor(rand() * h)];
    const [bw, bh] = [Math.floor(rand() * w * 0.6) + 20, Math.floor(rand() * h * 0.6) + 20];
    const rgb = [rand() * 255, rand() * 255, rand() * 255];
    for (let y = y0; y < Math.min(h, y0 + bh); y++) for (let x = x0; x < Math.min(w, x0 + bw); x++) data.set(rgb, (y * w + x) * 3);
  }
  return encode({ width: w, height: h, data, channels: 3, depth: 8 });
}

const images = Array.from({ length: 10 }, (_, i) => benchImage(i));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const decodeMs: number[] = [];
const preprocessMs: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const img = decodeImage(images[i % images.length], `bench-${i % images.length}.png`);
  const t1 = performance.now();
  preprocess(img, spec);
  const t2 = performance.now();
  decodeMs.push(t1 - t0);
  preprocessMs.push(t2 - t1);
}
const f = (x: number) => `${x.toFixed(2)} ms`;
console.log(`640 x 480 PNG -> ${spec.inputSize.join(' x ')} tensor (${bundle}), Node ${process.versions.node}, ${runs} calls:`);
console.log(`  decode      first ${f(decodeMs[0])}, median ${f(median(decodeMs.slice(1)))}`);
console.log(`  preprocess  first ${f(preprocessMs[0])}, median ${f(median(preprocessMs.slice(1)))}`);
