/**
 * decodeImage: bytes of a user's file -> upright RGBA8, or an ImageInputError whose message says
 * what the file is and what to do. One module for the browser worker, the Node CLI and tests;
 * PNG and JPEG pixels come from WebAssembly decoders (./png.ts, ./jpeg.ts) that `prepareDecode`
 * loads once per thread. The format comes from magic bytes, never from the file name.
 */
import { GifReader } from 'omggif';
import { EXPECTED_FORMATS, ImageInputError } from './errors';
import { DecoderNotReady } from './codecs';
import { ensureJpegDecoder, jpegToRgba } from './jpeg';
import { applyOrientation, jpegOrientation, pngOrientation } from './orientation';
import { ensurePngDecoder, pngToRgba } from './png';
import { FORMAT_NAMES, describeStart, readHeaderSize, sniffFormat, type SupportedFormat } from './sniff';
import { MAX_PIXELS, type RGBAImage } from './types';

export { ImageInputError } from './errors';
export type { RGBAImage } from './types';
export { MAX_PIXELS } from './types';

/**
 * Whatever decodeImage needs loaded for these bytes (the JPEG decoder's WebAssembly, once per
 * thread). Callers await it first; decodeImage itself stays synchronous.
 */
export async function prepareDecode(bytes: Uint8Array): Promise<void> {
  const format = sniffFormat(bytes);
  if (format === 'jpeg') await ensureJpegDecoder();
  if (format === 'png') await ensurePngDecoder();
}

export function decodeImage(bytes: Uint8Array, fileName: string): RGBAImage {
  // Annotated so TypeScript treats a call as the end of the branch (control-flow narrowing).
  const fail: (reason: string) => never = (reason) => {
    throw new ImageInputError(fileName, reason);
  };
  if (bytes.length === 0) fail(`the file is empty (0 bytes); ${EXPECTED_FORMATS}`);
  const format = sniffFormat(bytes);
  if (format === 'svg') fail('SVG is a vector format and is not supported; export it as PNG or JPEG');
  if (format === 'unknown') fail(`not an image (starts with ${describeStart(bytes)}); ${EXPECTED_FORMATS}`);
  if (format !== 'png' && format !== 'jpeg' && format !== 'gif') {
    fail(`${FORMAT_NAMES[format]} images are not supported; convert it to PNG or JPEG`);
  }
  const supported: SupportedFormat = format;
  const name = FORMAT_NAMES[supported];

  const size = readHeaderSize(supported, bytes);
  if (size === null) fail(`the ${name} data is corrupt or truncated (no readable image header)`);
  const { width, height } = size;
  if (width === 0 || height === 0) fail(`the ${name} header says ${width} x ${height} pixels; the image is empty`);
  if (width * height > MAX_PIXELS) {
    const mp = ((width * height) / 1e6).toFixed(1);
    fail(`${width} x ${height} pixels (${mp} MP) is larger than the ${MAX_PIXELS / 1e6} MP limit; downscale it first`);
  }
  if (supported === 'gif') checkGifFrames(bytes, fail);

  let image: RGBAImage;
  try {
    image = decodeSupported(supported, bytes);
  } catch (err) {
    if (err instanceof ImageInputError || err instanceof DecoderNotReady) throw err;
    return fail(`the ${name} data is corrupt or truncated (${decoderMessage(err)})`);
  }
  const orientation = supported === 'jpeg' ? jpegOrientation(bytes) : supported === 'png' ? pngOrientation(bytes) : 1;
  return applyOrientation(image, orientation);
}

/**
 * The decoder's own words, except where it ran off the end of the buffer: DataView RangeErrors
 * and TypeErrors on undefined bytes (omggif) mean the file stops too early.
 */
function decoderMessage(err: unknown): string {
  if (err instanceof TypeError || (err instanceof RangeError && /outside the bounds/i.test(err.message))) {
    return 'unexpected end of data';
  }
  // Some messages end in a dangling ':'.
  return (err instanceof Error ? err.message : String(err)).replace(/[\s:]+$/, '');
}

function checkGifFrames(bytes: Uint8Array, fail: (reason: string) => never): void {
  let frames: number;
  try {
    frames = new GifReader(bytes).numFrames();
  } catch (err) {
    return fail(`the GIF data is corrupt or truncated (${decoderMessage(err)})`);
  }
  if (frames > 1) fail(`animated GIF with ${frames} frames; save one frame as PNG or JPEG`);
  if (frames === 0) fail('the GIF data is corrupt or truncated (no image frame)');
}

function decodeSupported(format: SupportedFormat, bytes: Uint8Array): RGBAImage {
  if (format === 'png') return pngToRgba(bytes);
  if (format === 'jpeg') return jpegToRgba(bytes); // libjpeg-turbo's decoding, as PIL (./jpeg.ts)
  const reader = new GifReader(bytes);
  const data = new Uint8ClampedArray(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, data);
  return { width: reader.width, height: reader.height, data };
}
