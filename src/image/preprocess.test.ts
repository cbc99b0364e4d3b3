/**
 * preprocess.ts: the definitions of docs/preprocessing.md on hand-checkable inputs, and speed.
 * Agreement with the Python reference is in preprocess.golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { PreprocessSpec } from '../bundle/types';
import { compositeOverBackground, patchRect, preprocess } from './preprocess';
import { resizedSize } from './resample';
import type { RGBAImage } from './types';

const SPEC: PreprocessSpec = {
  inputSize: [224, 224],
  patchSize: 14,
  grid: [16, 16],
  resize: { shortestEdge: 224, filter: 'bilinear' },
  crop: 'center',
  background: [255, 255, 255],
  rescale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  channelOrder: 'RGB',
  layout: 'NCHW',
};

function image(w: number, h: number, pixel: (x: number, y: number) => [number, number, number, number]): RGBAImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(pixel(x, y), (y * w + x) * 4);
  return { width: w, height: h, data };
}

describe('composite over background', () => {
  it.each([
    // [a, c, bg, expected]: round half up of (a*c + (255-a)*bg) / 255
    [255, 10, 200, 10],
    [0, 10, 200, 200],
    [128, 0, 255, 127], // 127 * 255 / 255 = 127 exactly
    [128, 255, 0, 128],
    [1, 255, 0, 1],
    [100, 50, 150, 111], // (5000 + 23250) / 255 = 110.78
  ])('a=%i c=%i bg=%i -> %i', (a, c, bg, want) => {
    const out = compositeOverBackground(image(1, 1, () => [c, c, c, a]), [bg, bg, bg]);
    expect(Array.from(out)).toEqual([want, want, want, 255]);
  });
});

describe('resized size and crop', () => {
  it.each([
    [4000, 3000, 256, [341, 256]],
    [3000, 4000, 224, [224, 299]],
    [3, 2, 3, [5, 3]], // 4.5 rounds half up
    [224, 224, 224, [224, 224]],
  ])('%i x %i to shortest edge %i', (w, h, edge, want) => {
    expect(resizedSize(w, h, edge)).toEqual(want);
  });

  it('an image already at input size passes through unchanged', () => {
    const img = image(224, 224, (x, y) => [x, y, (x * y) & 255, 255]);
    const { preview, crop } = preprocess(img, SPEC);
    expect(Buffer.compare(Buffer.from(preview.data), Buffer.from(img.data))).toBe(0);
    expect(crop).toEqual({ x: 0, y: 0, width: 224, height: 224 });
  });

  it('center crop of a wide image keeps the middle columns (offset floor((W - w) / 2))', () => {
    const img = image(227, 224, (x) => [x, 0, 0, 255]); // same height: the resize is the identity
    const { preview, crop } = preprocess(img, SPEC);
    expect(preview.data[0]).toBe(1);
    expect(preview.data[223 * 4]).toBe(224);
    expect(crop).toEqual({ x: 1, y: 0, width: 224, height: 224 });
  });

  it('pads with the background when the resized image is smaller than inputSize', () => {
    const spec = { ...SPEC, resize: { shortestEdge: 100, filter: 'nearest' as const }, background: [1, 2, 3] as [number, number, number] };
    const { preview, crop } = preprocess(image(100, 100, () => [9, 9, 9, 255]), spec);
    expect(Array.from(preview.data.subarray(0, 4))).toEqual([1, 2, 3, 255]);
    const centre = (112 * 224 + 112) * 4;
    expect(Array.from(preview.data.subarray(centre, centre + 4))).toEqual([9, 9, 9, 255]);
    expect(crop).toEqual({ x: -62, y: -62, width: 224, height: 224 });
  });

  it('bilinear upscaling by 2 interpolates with PIL weights (1/4, 3/4)', () => {
    const spec = { ...SPEC, inputSize: [2, 4] as [number, number], resize: { shortestEdge: 2, filter: 'bilinear' as const } };
    const { preview } = preprocess(image(2, 1, (x) => [x * 100, 0, 0, 255]), spec);
    // Output centres 0.25, 0.75, 1.25, 1.75 in input pixels; taps outside the image are dropped
    // and the rest renormalised, so the ends stay at 0 and 100.
    expect([0, 1, 2, 3].map((i) => preview.data[i * 4])).toEqual([0, 25, 75, 100]);
  });
});

describe('tensor layout', () => {
  it('is NCHW with mean/std per tensor channel and BGR reordering', () => {
    const spec: PreprocessSpec = { ...SPEC, channelOrder: 'BGR', mean: [0.5, 0, 0], std: [0.5, 1, 2] };
    const { tensor } = preprocess(image(224, 224, () => [255, 51, 0, 255]), spec);
    const plane = 224 * 224;
    expect(tensor.length).toBe(3 * plane);
    expect(tensor[0]).toBe(-1); // B = 0 -> (0 - 0.5) / 0.5
    expect(tensor[plane]).toBe(Math.fround(0.2)); // G = 51 / 255
    expect(tensor[2 * plane + plane - 1]).toBe(0.5); // R = 1 -> 1 / 2
  });
});

describe('patchRect', () => {
  it('maps row-major patch indices to crop pixels', () => {
    expect(patchRect(SPEC, 0)).toEqual({ x: 0, y: 0, width: 14, height: 14 });
    expect(patchRect(SPEC, 17)).toEqual({ x: 14, y: 14, width: 14, height: 14 });
    expect(patchRect(SPEC, 255)).toEqual({ x: 210, y: 210, width: 14, height: 14 });
  });
  it('rejects an index outside the grid', () => {
    expect(() => patchRect(SPEC, 256)).toThrow('patchRect: patch index 256 is outside the 16 x 16 grid (expected 0..255)');
  });
});

// Its speed is measured by `npm run bench` (the preprocess stage), not asserted here: these
// machines are shared, and a timed assertion would fail on load, not on a regression.
describe('large input', () => {
  it('a 4000 x 3000 photo with alpha comes out at the model input size, centre-cropped', () => {
    const w = 4000;
    const h = 3000;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const spec = { ...SPEC, resize: { shortestEdge: 256, filter: 'bilinear' as const } };
    const out = preprocess({ width: w, height: h, data }, spec);
    expect(out.tensor.length).toBe(3 * 224 * 224);
    expect([out.preview.width, out.preview.height]).toEqual([224, 224]);
    // The resize is 341 x 256 (4000 * 256/3000 rounded); the 224 crop maps back through each
    // axis's own scale and sits in the middle.
    expect(out.crop.width).toBeCloseTo((224 * 4000) / 341, 3);
    expect(out.crop.height).toBeCloseTo((224 * 3000) / 256, 3);
    expect(out.crop.x).toBeCloseTo((((341 - 224) >> 1) * 4000) / 341, 3);
    expect(out.tensor.every(Number.isFinite)).toBe(true);
  });
});
