/**
 * The images `lexvla bench` uploads: distinct seeded 640 x 480 pictures (src/image/synthetic.ts)
 * as PNG, or as a baseline JPEG of the kind cameras write (quality 90, 4:2:0 chroma, not
 * progressive), encoded here with MozJPEG's encoder (the decoder's sibling in node_modules).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import encodeJpeg, { init as initJpegEncoder } from '@jsquash/jpeg/encode.js';
import { syntheticPng, syntheticRgb } from '../src/image/synthetic';

export type BenchFormat = 'png' | 'jpeg' | 'gif';

/** A file's format by its name (what --image and --images give), or null for another kind. */
export function formatOfName(name: string): BenchFormat | null {
  if (/\.png$/i.test(name)) return 'png';
  if (/\.jpe?g$/i.test(name)) return 'jpeg';
  return /\.gif$/i.test(name) ? 'gif' : null;
}

let jpegReady: Promise<void> | null = null;

async function syntheticJpeg(run: number): Promise<Uint8Array> {
  jpegReady ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm');
    await initJpegEncoder(await WebAssembly.compile(await readFile(wasm)));
  })();
  await jpegReady;
  const { width, height, data } = syntheticRgb(run);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; p < data.length; p += 3, q += 4) {
    rgba[q] = data[p];
    rgba[q + 1] = data[p + 1];
    rgba[q + 2] = data[p + 2];
    rgba[q + 3] = 255;
  }
  const options = { quality: 90, baseline: true, progressive: false, auto_subsample: false, chroma_subsample: 2 };
  return new Uint8Array(await encodeJpeg({ data: rgba, width, height } as ImageData, options));
}

/** Writes image `run` in `format` into `dir`; returns its path. */
export async function writeBenchImage(dir: string, run: number, format: 'png' | 'jpeg'): Promise<string> {
  const file = join(dir, `bench-${run}.${format === 'png' ? 'png' : 'jpg'}`);
  await writeFile(file, format === 'png' ? syntheticPng(run) : await syntheticJpeg(run));
  return file;
}
