/**
 * Decode and preprocess alone, in Node, on the images `lexvla bench` uploads (seeded 640 x 480 PNGs
 * of coloured blocks, src/image/synthetic.ts), through the modules the worker runs (src/image).
 * Prints the first call (code not yet optimised, as in a page that has seen one image), the
 * median of later calls and their 10th percentile (on a shared machine, the least disturbed).
 *
 *   npx tsx scripts/bench-decode.ts [--bundle public/models/lexvla-tiny] [--runs 200]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticPng } from '../src/image/synthetic';
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

const images = Array.from({ length: 10 }, (_, i) => syntheticPng(i));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p10 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 10)];
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
console.log(`  decode      first ${f(decodeMs[0])}, median ${f(median(decodeMs.slice(1)))}, p10 ${f(p10(decodeMs.slice(1)))}`);
console.log(`  preprocess  first ${f(preprocessMs[0])}, median ${f(median(preprocessMs.slice(1)))}, p10 ${f(p10(preprocessMs.slice(1)))}`);
