/**
 * Registers, for Node (the CLI, scripts and tests), where the image decoders' WebAssembly comes
 * from: the files in node_modules. Imported for its side effect; the worker registers its own
 * (src/worker/codecs-web.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setCodecLoader } from '../src/image/codecs';
import { ensureJpegDecoder } from '../src/image/jpeg';
import { ensurePngDecoder } from '../src/image/png';

// The PNG decoder hands its pixels back as an ImageData, which browsers have and Node does not.
const g = globalThis as { ImageData?: unknown };
g.ImageData ??= class ImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
};

const require = createRequire(import.meta.url);
const compile = (file: string) => async () => WebAssembly.compile(await readFile(require.resolve(file)));
setCodecLoader('jpeg', compile('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'));
setCodecLoader('png', compile('@jsquash/png/codec/pkg/squoosh_png_bg.wasm'));
// Ready before any code runs (tens of ms, once): Node's callers may call decodeImage directly.
await Promise.all([ensureJpegDecoder(), ensurePngDecoder()]);
