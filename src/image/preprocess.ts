/**
 * preprocess: upright RGBA image -> the model's input tensor, exactly as docs/preprocessing.md
 * defines it and train/lexvla/preprocess.py implements it (golden-tested against each other).
 *   1. composite alpha over spec.background, in integers, to uint8
 *   2. resize so the shorter side is resize.shortestEdge (float64, horizontal then vertical)
 *   3. center crop inputSize, round half up to uint8 (clamped) only now
 *   4. tensor = (byte * rescale - mean[c]) / std[c], channels in channelOrder, NCHW
 * Only the resized pixels that survive the crop are computed: the result is identical, and a
 * 4000 x 3000 photo costs one pass over its pixels.
 */
import type { PreprocessSpec } from '../bundle/types';
import { axisTable, resizedSize, type AxisTable } from './resample';
import type { RGBAImage } from './types';

interface PreprocessResult {
  /** float32 [1, 3, H, W] */
  tensor: Float32Array;
  /** The H x W crop the model sees, uint8 RGBA with alpha 255 (always RGB order). */
  preview: RGBAImage;
  /** The crop in original-image pixels (fractional; may extend past the image if it was padded). */
  crop: { x: number; y: number; width: number; height: number };
}

/**
 * Where the model's input crop lies: the resized size, the crop's top-left corner in resized
 * pixels, and the crop in original-image pixels (what overlays and masks align to).
 */
export function cropGeometry(width: number, height: number, spec: Pick<PreprocessSpec, 'inputSize' | 'resize'>) {
  const [outH, outW] = spec.inputSize;
  const [rw, rh] = resizedSize(width, height, spec.resize.shortestEdge);
  const x0 = Math.floor((rw - outW) / 2);
  const y0 = Math.floor((rh - outH) / 2);
  const sx = width / rw;
  const sy = height / rh;
  return { rw, rh, x0, y0, crop: { x: x0 * sx, y: y0 * sy, width: outW * sx, height: outH * sy } };
}

export function preprocess(img: RGBAImage, spec: PreprocessSpec): PreprocessResult {
  const [outH, outW] = spec.inputSize;
  if (img.width < 1 || img.height < 1) throw new RangeError(`preprocess: image is ${img.width} x ${img.height}, expected at least 1 x 1`);
  const { rw, rh, x0, y0, crop } = cropGeometry(img.width, img.height, spec);
  // Resized columns/rows inside the crop; the rest of the crop (if the resized image is
  // smaller than inputSize) is background.
  const cFirst = Math.max(x0, 0);
  const cCount = Math.min(x0 + outW, rw) - cFirst;
  const rFirst = Math.max(y0, 0);
  const rCount = Math.min(y0 + outH, rh) - rFirst;
  const ht = axisTable(img.width, rw, spec.resize.filter, cFirst, cCount);
  const vt = axisTable(img.height, rh, spec.resize.filter, rFirst, rCount);
  const tmp = horizontalPass(img, spec.background, ht, vt.start[0], vt.start[rCount - 1] + vt.count[rCount - 1]);
  const inRow0 = vt.start[0];
  const preview = new Uint8ClampedArray(outW * outH * 4);
  fillBackground(preview, spec.background);
  const stride = cCount * 3;
  for (let i = 0; i < rCount; i++) {
    const wBase = i * vt.maxTaps;
    const n = vt.count[i];
    const tRow = (vt.start[i] - inRow0) * stride;
    let o = ((rFirst - y0 + i) * outW + (cFirst - x0)) * 4;
    for (let j = 0; j < stride; j += 3, o += 4) {
      let r = 0;
      let g = 0;
      let b = 0;
      let q = tRow + j;
      for (let k = 0; k < n; k++, q += stride) {
        const w = vt.weights[wBase + k];
        r += w * tmp[q];
        g += w * tmp[q + 1];
        b += w * tmp[q + 2];
      }
      // Uint8ClampedArray would round half to even; the definition is floor(v + 0.5), clamped.
      preview[o] = Math.floor(r + 0.5);
      preview[o + 1] = Math.floor(g + 0.5);
      preview[o + 2] = Math.floor(b + 0.5);
    }
  }

  return {
    tensor: normalize(preview, outW, outH, spec),
    preview: { width: outW, height: outH, data: preview },
    crop,
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Composite lookup, one table per channel: table[a * 256 + c] =
 * round_half_up((a * c + (255 - a) * bg) / 255) = floor((2 * (a*c + (255-a)*bg) + 255) / 510),
 * exact in integers (no ties are possible). Tables make compositing one load per sample.
 */
function compositeTables(bg: [number, number, number]): Uint8Array[] {
  const key = bg.join(',');
  let tables = TABLES.get(key);
  if (!tables) {
    tables = buildCompositeTables(bg);
    // Bundles use one background or two; the cap only guards against a caller cycling through many.
    if (TABLES.size >= 8) TABLES.clear();
    TABLES.set(key, tables);
  }
  return tables;
}

/** Built once per background colour (3 x 64 KiB): building them cost more than compositing a photo. */
const TABLES = new Map<string, Uint8Array[]>();

function buildCompositeTables(bg: [number, number, number]): Uint8Array[] {
  return bg.map((b) => {
    const table = new Uint8Array(65536);
    for (let a = 0; a < 256; a++) {
      for (let c = 0; c < 256; c++) table[a * 256 + c] = Math.floor((2 * (a * c + (255 - a) * b) + 255) / 510);
    }
    return table;
  });
}

/** Composited copy of the image, uint8 [h, w, 4] with alpha 255 (for callers and tests). */
export function compositeOverBackground(img: RGBAImage, bg: [number, number, number]): Uint8ClampedArray {
  const [tr, tg, tb] = compositeTables(bg);
  const d = img.data;
  const out = new Uint8ClampedArray(d.length);
  for (let p = 0; p < d.length; p += 4) {
    const a = d[p + 3] << 8;
    out[p] = tr[a | d[p]];
    out[p + 1] = tg[a | d[p + 1]];
    out[p + 2] = tb[a | d[p + 2]];
    out[p + 3] = 255;
  }
  return out;
}

/**
 * Composite + horizontal resize of input rows [row0, row1), only over the input columns the
 * taps read. Returns float64 [row1 - row0, columns, 3].
 */
function horizontalPass(img: RGBAImage, bg: [number, number, number], ht: AxisTable, row0: number, row1: number): Float64Array {
  const [tr, tg, tb] = compositeTables(bg);
  const cols = ht.start.length;
  const xs = ht.start[0];
  const xe = ht.start[cols - 1] + ht.count[cols - 1];
  const span = xe - xs;
  const line = new Float64Array(span * 3); // one composited input row, interleaved RGB
  const out = rowsBuffer((row1 - row0) * cols * 3);
  const d = img.data;
  const { start, count, weights, maxTaps } = ht;
  let t = 0;
  // One 32-bit load per pixel where the platform allows it (little-endian, aligned): reading the
  // source is the memory-bound part of the whole preprocess. Rows with transparency are
  // composited into `line` first, byte by byte.
  // Int32, not Uint32: an opaque pixel's word is above 2^31, which V8 would box as a double.
  const words = LITTLE_ENDIAN && d.byteOffset % 4 === 0 ? new Int32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
  for (let y = row0; y < row1; y++) {
    const rowStart = y * img.width;
    if (words && opaqueRun(words, rowStart + xs, rowStart + xe)) {
      // Opaque row (alpha 255 throughout): compositing is the identity, so the taps read the
      // pixels themselves, one 32-bit load each, with no composited copy of the row.
      for (let j = 0; j < cols; j++) {
        const wBase = j * maxTaps;
        const n = count[j];
        let p = rowStart + start[j];
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = 0; k < n; k++, p++) {
          const w = weights[wBase + k];
          const v = words[p];
          r += w * (v & 0xff);
          g += w * ((v >> 8) & 0xff);
          b += w * ((v >> 16) & 0xff);
        }
        out[t++] = r;
        out[t++] = g;
        out[t++] = b;
      }
      continue;
    }
    for (let i = 0, p = (rowStart + xs) * 4; i < span * 3; i += 3, p += 4) {
      const a = d[p + 3] << 8;
      line[i] = tr[a | d[p]];
      line[i + 1] = tg[a | d[p + 1]];
      line[i + 2] = tb[a | d[p + 2]];
    }
    for (let j = 0; j < cols; j++) {
      const wBase = j * maxTaps;
      const n = count[j];
      let q = (start[j] - xs) * 3;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++, q += 3) {
        const w = weights[wBase + k];
        r += w * line[q];
        g += w * line[q + 1];
        b += w * line[q + 2];
      }
      out[t++] = r;
      out[t++] = g;
      out[t++] = b;
    }
  }
  return out;
}

/** Whether every pixel of words[from, to) has alpha 255. */
function opaqueRun(words: Int32Array, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (words[p] >> 24 !== -1) return false;
  return true;
}

/**
 * The resized rows' buffer, kept between images up to KEPT_ROWS values (4 MB; a 640 x 480 photo
 * needs 1.5 MB): allocating it per image cost 8% of preprocessing. Every value read is written
 * first. Larger photos get a buffer of their own, not kept.
 */
const KEPT_ROWS = 1 << 19;
let keptRows = new Float64Array(0);

function rowsBuffer(n: number): Float64Array {
  if (n > KEPT_ROWS) return new Float64Array(n);
  if (keptRows.length < n) keptRows = new Float64Array(KEPT_ROWS);
  return keptRows;
}

function fillBackground(rgba: Uint8ClampedArray, bg: [number, number, number]): void {
  for (let p = 0; p < rgba.length; p += 4) {
    rgba[p] = bg[0];
    rgba[p + 1] = bg[1];
    rgba[p + 2] = bg[2];
    rgba[p + 3] = 255;
  }
}

/** float32 [1, 3, H, W]: computed in float64, stored as float32 (numpy does the same). */
function normalize(rgba: Uint8ClampedArray, w: number, h: number, spec: PreprocessSpec): Float32Array {
  const plane = w * h;
  const tensor = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const source = spec.channelOrder === 'BGR' ? 2 - c : c;
    const mean = spec.mean[c];
    const std = spec.std[c];
    const base = c * plane;
    for (let i = 0; i < plane; i++) tensor[base + i] = (rgba[i * 4 + source] * spec.rescale - mean) / std;
  }
  return tensor;
}

/** Pixel rectangle of patch `index` (row-major over spec.grid) inside the H x W crop. */
export function patchRect(spec: PreprocessSpec, index: number): { x: number; y: number; width: number; height: number } {
  const [rows, cols] = spec.grid;
  if (!Number.isInteger(index) || index < 0 || index >= rows * cols) {
    throw new RangeError(`patchRect: patch index ${index} is outside the ${rows} x ${cols} grid (expected 0..${rows * cols - 1})`);
  }
  const p = spec.patchSize;
  return { x: (index % cols) * p, y: Math.floor(index / cols) * p, width: p, height: p };
}
