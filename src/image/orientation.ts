/**
 * EXIF orientation: read the tag (JPEG APP1 "Exif" segment, PNG eXIf chunk) and apply it, so a
 * phone photo is seen upright, the way PIL's ImageOps.exif_transpose shows it to the training job.
 * A small synchronous parser: exifr's API is async and decodeImage is sync.
 */
import type { RGBAImage } from './types';

/** EXIF orientation 1..8 from a TIFF block (the payload of APP1 after "Exif\0\0"); 1 if absent. */
function orientationFromTiff(tiff: Uint8Array): number {
  if (tiff.length < 8) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0], tiff[1]);
  if (order !== 'II' && order !== 'MM') return 1;
  const le = order === 'II';
  if (view.getUint16(2, le) !== 42) return 1;
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > tiff.length) return 1;
  const count = view.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, le) !== 0x0112) continue;
    // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
    const value = view.getUint16(entry + 8, le);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1];
    if (marker === 0xda || marker === 0xd9) break; // EXIF lives before the scan data
    const length = view.getUint16(pos + 2);
    const isExif =
      marker === 0xe1 &&
      String.fromCharCode(...bytes.subarray(pos + 4, pos + 10)) === 'Exif\0\0';
    if (isExif) return orientationFromTiff(bytes.subarray(pos + 10, pos + 2 + length));
    pos += 2 + length;
  }
  return 1;
}

export function pngOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (type === 'eXIf') return orientationFromTiff(bytes.subarray(pos + 8, pos + 8 + length));
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  return 1;
}

/**
 * Returns the upright image. For output pixel (x, y) the source pixel is found by the inverse
 * of the EXIF transform: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise,
 * 7 transverse, 8 rotate 90 counter-clockwise (PIL: FLIP_LEFT_RIGHT, ROTATE_180,
 * FLIP_TOP_BOTTOM, TRANSPOSE, ROTATE_270, TRANSVERSE, ROTATE_90).
 */
export function applyOrientation(img: RGBAImage, orientation: number): RGBAImage {
  if (orientation <= 1 || orientation > 8) return img;
  const { width: w, height: h } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  // One 32-bit word per pixel; copy first if the view would be misaligned.
  const bytes = img.data.byteOffset % 4 === 0 ? img.data : img.data.slice();
  const src = new Uint32Array(bytes.buffer, bytes.byteOffset, w * h);
  const out = new Uint8ClampedArray(ow * oh * 4);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: sx = w - 1 - x; sy = y; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sx = x; sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        default: sx = w - 1 - y; sy = x; break; // 8
      }
      dst[y * ow + x] = src[sy * w + sx];
    }
  }
  return { width: ow, height: oh, data: out };
}
