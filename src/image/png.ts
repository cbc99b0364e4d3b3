/**
 * PNG to RGBA8 on top of fast-png, for every colour type and bit depth.
 * Conversions follow what PIL does, because the training job decodes with PIL:
 * 16-bit samples keep their high byte (PIL's "RGB;16B" raw modes), 1/2/4-bit grey is scaled
 * to 0..255 (x 255, 85, 17), tRNS makes the key colour (grey/RGB) or palette entries transparent.
 */
import { decode as decodePng, type DecodedPng } from 'fast-png';
import type { RGBAImage } from './types';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Throws plain Errors; decode.ts turns them into ImageInputError("...corrupt or truncated"). */
export function pngToRgba(bytes: Uint8Array): RGBAImage {
  const png = decodePng(bytes, { checkCrc: true });
  const { width, height, depth, channels } = png;
  const out = new Uint8ClampedArray(width * height * 4);
  const indexed = png.palette !== undefined && channels === 1;
  const rowBytes = Math.ceil((width * depth * channels) / 8);
  const expected = depth === 16 ? width * height * channels : rowBytes * height;
  if (png.data.length < expected) {
    throw new Error(`pixel data has ${png.data.length} samples, expected ${expected}`);
  }
  if (indexed) {
    writeIndexed(png, rowBytes, out);
  } else if (depth < 8) {
    writeLowBitGray(png, rowBytes, out);
  } else {
    writeSamples(png, out);
  }
  return { width, height, data: out };
}

function writeIndexed(png: DecodedPng, rowBytes: number, out: Uint8ClampedArray): void {
  const { width, height, depth, data } = png;
  const palette = png.palette ?? [];
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const index = (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
      const entry = palette[index]; // [r, g, b] or [r, g, b, a] once tRNS was applied
      const o = (y * width + x) * 4;
      if (entry === undefined) {
        out[o + 3] = 255; // out-of-range index: black, as PIL shows it
        continue;
      }
      out[o] = entry[0];
      out[o + 1] = entry[1];
      out[o + 2] = entry[2];
      out[o + 3] = entry.length > 3 ? entry[3] : 255;
    }
  }
}

function writeLowBitGray(png: DecodedPng, rowBytes: number, out: Uint8ClampedArray): void {
  const { width, height, depth, data } = png;
  const mask = (1 << depth) - 1;
  const scale = 255 / mask;
  const key = png.transparency && png.transparency.length > 0 ? png.transparency[0] : -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const v = (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
      const g = v * scale;
      const o = (y * width + x) * 4;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      out[o + 3] = v === key ? 0 : 255;
    }
  }
}

/** 8- and 16-bit grey, grey+alpha, RGB and RGBA. */
function writeSamples(png: DecodedPng, out: Uint8ClampedArray): void {
  const { width, height, depth, channels, data } = png;
  const hasTrns = png.transparency !== undefined && png.transparency.length > 0;
  // The common photos and screenshots first: one tight loop each, no per-pixel branches.
  if (depth === 8 && channels === 4) {
    out.set(data.subarray(0, width * height * 4));
    return;
  }
  if (depth === 8 && channels === 3 && !hasTrns && LITTLE_ENDIAN && out.byteOffset % 4 === 0) {
    const words = new Int32Array(out.buffer, out.byteOffset, width * height);
    for (let i = 0, s = 0; i < words.length; i++, s += 3) words[i] = data[s] | (data[s + 1] << 8) | (data[s + 2] << 16) | -0x1000000;
    return;
  }
  const shift = depth === 16 ? 8 : 0;
  const n = width * height;
  const trns = png.transparency && png.transparency.length > 0 ? png.transparency : null;
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const o = i * 4;
    if (channels <= 2) {
      const g = data[s] >> shift;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      if (channels === 2) out[o + 3] = data[s + 1] >> shift;
      else out[o + 3] = trns && data[s] === trns[0] ? 0 : 255;
    } else {
      out[o] = data[s] >> shift;
      out[o + 1] = data[s + 1] >> shift;
      out[o + 2] = data[s + 2] >> shift;
      if (channels === 4) out[o + 3] = data[s + 3] >> shift;
      else {
        const keyed = trns && data[s] === trns[0] && data[s + 1] === trns[1] && data[s + 2] === trns[2];
        out[o + 3] = keyed ? 0 : 255;
      }
    }
  }
}
