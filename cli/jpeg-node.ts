/**
 * Registers, for Node (the CLI, scripts and tests), where the JPEG decoder's WebAssembly comes
 * from: the file in node_modules. Imported for its side effect; the worker registers its own
 * (src/worker/jpeg-web.ts).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setJpegWasmLoader } from '../src/image/jpeg';

const require = createRequire(import.meta.url);
setJpegWasmLoader(async () => WebAssembly.compile(await readFile(require.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'))));
