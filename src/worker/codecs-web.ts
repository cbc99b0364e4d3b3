/**
 * Registers, in the worker, where the image decoders' WebAssembly comes from: files Vite emits
 * with the app (the `?url` imports), fetched from the app's own origin on the first image of each
 * kind. Imported for its side effect by handlers.ts.
 */
import jpegUrl from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm?url';
import pngUrl from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm?url';
import { setCodecLoader } from '../image/codecs';

const compile = (asset: string) => async () => {
  const url = new URL(asset, self.location.href).href;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // Compiled from bytes, not streamed: that also works where a server sends the wrong MIME type.
  return WebAssembly.compile(await res.arrayBuffer());
};
setCodecLoader('jpeg', compile(jpegUrl));
setCodecLoader('png', compile(pngUrl));
