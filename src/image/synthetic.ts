/**
 * Synthetic photo-sized images: what the worker's warm-up encodes (src/model/warm-up.ts), what
 * `lexvla bench` uploads (as PNG, and as JPEG through cli/bench-images.ts), and what
 * scripts/bench-decode.ts times alone.
 */
import { encode } from 'fast-png';

/** A seeded 640 x 480 picture of coloured blocks, different for every run: uint8 [480, 640, 3]. */
export function syntheticRgb(run: number): { width: number; height: number; data: Uint8Array } {
  const w = 640;
  const h = 480;
  const data = new Uint8Array(w * h * 3);
  let seed = 0x9e3779b9 ^ (run * 0x85ebca6b);
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  for (let b = 0; b < 12; b++) {
    const [x0, y0] = [Math.floor(rand() * w), Math.floor(rand() * h)];
    const [bw, bh] = [Math.floor(rand() * w * 0.6) + 20, Math.floor(rand() * h * 0.6) + 20];
    const rgb = [rand() * 255, rand() * 255, rand() * 255];
    for (let y = y0; y < Math.min(h, y0 + bh); y++) {
      for (let x = x0; x < Math.min(w, x0 + bw); x++) data.set(rgb, (y * w + x) * 3);
    }
  }
  return { width: w, height: h, data };
}

/** syntheticRgb(run) as a PNG file's bytes. */
export function syntheticPng(run: number): Uint8Array {
  return encode({ ...syntheticRgb(run), channels: 3, depth: 8 });
}
