/**
 * A composed scene as files: the image as an RGB PNG (what the model is given, and what
 * "Save PNG" writes) and its class mask as a grayscale PNG of class values, in the evaluation
 * set's mask format (docs/eval-set-format.md): 8-bit while the values fit, else 16-bit.
 */
import { encode } from 'fast-png';
import type { RGBAImage } from '../image/types';

export function imagePng(image: RGBAImage): Uint8Array {
  const { width, height, data } = image;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    rgb[o] = data[i];
    rgb[o + 1] = data[i + 1];
    rgb[o + 2] = data[i + 2];
  }
  return encode({ width, height, data: rgb, channels: 3, depth: 8 });
}

/** mask: uint16 [height, width] class values; `classes`: how many there are (the largest possible value). */
export function maskPng(mask: Uint16Array, width: number, height: number, classes: number): Uint8Array {
  if (mask.length !== width * height) throw new RangeError(`maskPng: the mask has ${mask.length} pixels, expected ${width} x ${height} = ${width * height}`);
  const data = classes <= 0xff ? Uint8Array.from(mask) : mask;
  return encode({ width, height, data, channels: 1, depth: classes <= 0xff ? 8 : 16 });
}
