/**
 * JPEG to RGBA with libjpeg-turbo's own decoding (mozjpeg's decoder compiled to WebAssembly,
 * @jsquash/jpeg): the same integer IDCT and the same "fancy" chroma upsampling as PIL, which the
 * training job decodes with, so a JPEG gives the same pixels in the browser, the CLI and Python
 * (exact on the golden fixtures; jpeg-js, used before, differed by up to 28 levels on a 4:2:0
 * photo because it replicates chroma instead of interpolating it).
 *
 * The WebAssembly module comes from ./codecs.ts. `ensureJpegDecoder()` must have resolved before
 * `jpegToRgba` runs (decode.ts `prepareDecode`; Engine.encode awaits it).
 */
import mozjpegFactory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import { DecoderNotReady, compiledCodec } from './codecs';
import type { RGBAImage } from './types';

interface MozJpeg {
  decode(data: Uint8Array, preserveOrientation: boolean): { width: number; height: number; data: Uint8ClampedArray } | null;
}

let instance: MozJpeg | null = null;
let instantiating: Promise<MozJpeg> | null = null;
/** libjpeg's last message (warnings and the error it stopped on): what a failure is reported with. */
let lastMessage = '';

/** Resolves once `jpegToRgba` can run. Cheap when it already can. */
export async function ensureJpegDecoder(): Promise<void> {
  if (instance) return;
  instantiating ??= compiledCodec('jpeg')
    .then((module) => {
      // libjpeg prints its error before it gives up: keep it for the message instead of the console.
      const overrides = { print: () => undefined, printErr: (line: string) => void (lastMessage = line) };
      return initEmscriptenModule(mozjpegFactory as never, module, overrides as never) as unknown as Promise<MozJpeg>;
    })
    .finally(() => {
      instantiating = null;
    });
  instance = await instantiating;
}

/**
 * The decoded pixels, EXIF orientation not applied (decode.ts applies it for every format alike).
 * Throws a plain Error on bad data; decode.ts words it for the user.
 */
export function jpegToRgba(bytes: Uint8Array): RGBAImage {
  const cut = jpegTruncation(bytes);
  if (cut) throw new Error(cut);
  if (!instance) throw new DecoderNotReady('jpeg');
  let out: ReturnType<MozJpeg['decode']>;
  lastMessage = '';
  try {
    out = instance.decode(bytes, false);
  } catch (e) {
    // libjpeg gave up mid-image (its error exit): start the next image on a fresh instance.
    instance = null;
    throw new Error(lastMessage || `the decoder stopped: ${(e as { message?: string }).message ?? String(e)}`);
  }
  if (!out) {
    instance = null;
    throw new Error(lastMessage || 'the decoder could not read it');
  }
  const data = new Uint8ClampedArray(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  return { width: out.width, height: out.height, data };
}

/**
 * Why a JPEG stops short, or null when its segments run to the end-of-image marker. libjpeg
 * would decode a truncated file anyway, greying out what is missing, and the model would see a
 * half-grey image: such a file is refused instead.
 */
export function jpegTruncation(b: Uint8Array): string | null {
  let i = 2; // after SOI
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) {
      i++; // stray bytes between segments: libjpeg skips them with a warning, and so do we
      continue;
    }
    const m = b[i + 1];
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd9) return null; // EOI
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      i += 2; // RSTn, TEM: no length
      continue;
    }
    if (i + 3 >= b.length) break;
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
    if (m === 0xda) {
      // Entropy-coded data: up to the next marker that is neither a stuffed 0xff00 nor an RSTn.
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && !(b[i + 1] >= 0xd0 && b[i + 1] <= 0xd7))) i++;
    }
  }
  return 'unexpected end of data';
}
