/**
 * Registers, in the worker, where the JPEG decoder's WebAssembly comes from: a file Vite emits
 * with the app (the `?url` import), fetched from the app's own origin on the first JPEG.
 * Imported for its side effect by handlers.ts.
 */
import wasmUrl from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?url';
import { setJpegWasmLoader } from '../image/jpeg';

setJpegWasmLoader(async () => {
  const url = new URL(wasmUrl, self.location.href).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // Compiled from bytes, not streamed: that also works where a server sends the wrong MIME type.
  return WebAssembly.compile(await res.arrayBuffer());
});
