/**
 * PNG to RGBA8 with the Rust `png` crate compiled to WebAssembly (@jsquash/png): every colour
 * type, bit depth and interlacing. Its conversions are PIL's, which the training job decodes with
 * (checked on every fixture: src/image/decode.test.ts, preprocess.golden.test.ts): 16-bit samples
 * keep their high byte, 1/2/4-bit grey is scaled to 0..255, tRNS makes the key colour or palette
 * entries transparent. WebAssembly rather than JavaScript: it runs at full speed from the first
 * image, where a JavaScript decoder is still unoptimised code for the first dozen images.
 *
 * The chunks are walked first (lengths, CRCs, IEND): the decoder reports any failure in the same
 * few words, and a truncated or damaged file deserves to be named as such.
 */
import initPng, { decode as decodePng } from '@jsquash/png/codec/pkg/squoosh_png.js';
import { DecoderNotReady, compiledCodec } from './codecs';
import type { RGBAImage } from './types';

let ready = false;
let instantiating: Promise<unknown> | null = null;

/** Resolves once `pngToRgba` can run. Cheap when it already can. */
export async function ensurePngDecoder(): Promise<void> {
  if (ready) return;
  instantiating ??= compiledCodec('png')
    .then((module) => initPng(module))
    .finally(() => {
      instantiating = null;
    });
  await instantiating;
  ready = true;
}

/** Throws plain Errors; decode.ts turns them into ImageInputError("...corrupt or truncated"). */
export function pngToRgba(bytes: Uint8Array): RGBAImage {
  const problem = pngChunkProblem(bytes);
  if (problem) throw new Error(problem);
  if (!ready) throw new DecoderNotReady('png');
  let out: { width: number; height: number; data: Uint8ClampedArray };
  try {
    out = decodePng(bytes);
  } catch {
    // The crate's error does not cross into JavaScript (wasm-bindgen says "`unwrap_throw` failed").
    throw new Error('the image data could not be decoded');
  }
  return { width: out.width, height: out.height, data: new Uint8ClampedArray(out.data.buffer, out.data.byteOffset, out.data.byteLength) };
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = -1;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * What is wrong with the file's chunk structure (from the signature to IEND), or null. The
 * decoder needs IEND too; without it the file is reported as cut short, which it is.
 */
export function pngChunkProblem(b: Uint8Array): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 8; // after the signature
  while (i + 8 <= b.length) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    const end = i + 12 + length;
    if (end > b.length) return 'unexpected end of data';
    if (crc32(b, i + 4, i + 8 + length) !== view.getUint32(i + 8 + length)) return `CRC mismatch in chunk ${type}`;
    if (type === 'IEND') return null;
    i = end;
  }
  return 'unexpected end of data';
}
