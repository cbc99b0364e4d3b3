/**
 * decode.ts + preprocess.ts against the Python reference (train/lexvla/preprocess.py), through
 * goldens written by scripts/make_golden_preprocess.py. Tolerance (docs/preprocessing.md): none.
 *  - PNG/GIF: both sides do the same float64 operations in the same order.
 *  - JPEG: both sides decode with libjpeg-turbo's code (PIL links it; ./jpeg.ts runs mozjpeg's
 *    decoder as WebAssembly), with the same IDCT and chroma upsampling. (With jpeg-js, before:
 *    exif6.jpg max 19 / mean 1.55 levels, grey.jpg max 1 / mean 0.062.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PreprocessSpec } from '../bundle/types';
import { decodeImage, prepareDecode } from './decode';
import { preprocess } from './preprocess';

const DIR = join(import.meta.dirname, '__fixtures__');

interface Golden {
  file: string;
  spec: PreprocessSpec;
  decoded: { width: number; height: number };
  crop: { x: number; y: number; width: number; height: number };
  preview: { file: string; shape: [number, number, number] };
}
interface OrientationCase {
  file: string;
  orientation: number;
  width: number;
  height: number;
  rgba: number[];
}
const doc = JSON.parse(readFileSync(join(DIR, 'goldens.json'), 'utf8')) as {
  goldens: Golden[];
  orientation: OrientationCase[];
};

/** [max, mean] absolute difference per RGB level, by file: none is allowed any. */
const TOLERANCE: Record<string, [number, number]> = {};

beforeAll(async () => {
  // The JPEG decoder's WebAssembly (once; decodeImage itself is synchronous).
  for (const g of doc.goldens) await prepareDecode(new Uint8Array(readFileSync(join(DIR, g.file))));
});

function compare(golden: Golden) {
  const img = decodeImage(new Uint8Array(readFileSync(join(DIR, golden.file))), golden.file);
  const result = preprocess(img, golden.spec);
  const expected = gunzipSync(new Uint8Array(readFileSync(join(DIR, golden.preview.file))));
  const rgba = result.preview.data;
  let max = 0;
  let sum = 0;
  for (let i = 0, j = 0; j < expected.length; i += 4, j += 3) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(rgba[i + c] - expected[j + c]);
      max = Math.max(max, d);
      sum += d;
    }
  }
  return { img, result, max, mean: sum / expected.length };
}

describe('preprocess matches the Python reference', () => {
  it.each(doc.goldens.map((g) => [g.file, g] as const))('%s', (_name, golden) => {
    const { img, result, max, mean } = compare(golden);
    expect([img.width, img.height]).toEqual([golden.decoded.width, golden.decoded.height]);
    const [h, w] = golden.preview.shape;
    expect([result.preview.width, result.preview.height]).toEqual([w, h]);
    expect(result.crop.x).toBeCloseTo(golden.crop.x, 9);
    expect(result.crop.y).toBeCloseTo(golden.crop.y, 9);
    expect(result.crop.width).toBeCloseTo(golden.crop.width, 9);
    expect(result.crop.height).toBeCloseTo(golden.crop.height, 9);
    const [maxTol, meanTol] = TOLERANCE[golden.file] ?? [0, 0];
    expect(max).toBeLessThanOrEqual(maxTol);
    expect(mean).toBeLessThanOrEqual(meanTol);
  });

  it('tensor == (preview * rescale - mean) / std, NCHW, in channelOrder', () => {
    for (const golden of doc.goldens) {
      const { result } = compare(golden);
      const { spec } = golden;
      const [h, w] = spec.inputSize;
      expect(result.tensor.length).toBe(3 * h * w);
      const data = result.preview.data;
      for (let c = 0; c < 3; c++) {
        const source = spec.channelOrder === 'BGR' ? 2 - c : c;
        for (let i = 0; i < h * w; i += 97) {
          const want = Math.fround((data[i * 4 + source] * spec.rescale - spec.mean[c]) / spec.std[c]);
          expect(result.tensor[c * h * w + i]).toBe(want);
        }
      }
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) throw new Error(`alpha ${data[i]} at ${i}`);
    }
  });
});

describe('EXIF orientation matches PIL exif_transpose', () => {
  it.each(doc.orientation.map((o) => [o.orientation, o] as const))('orientation %i', (_n, o) => {
    const img = decodeImage(new Uint8Array(readFileSync(join(DIR, o.file))), o.file);
    expect([img.width, img.height]).toEqual([o.width, o.height]);
    expect(Array.from(img.data)).toEqual(o.rgba);
  });
});
