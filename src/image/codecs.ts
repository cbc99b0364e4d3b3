/**
 * The WebAssembly image decoders (./jpeg.ts: libjpeg-turbo's; ./png.ts: the Rust `png` crate's),
 * compiled once per thread from a module the platform supplies: the worker fetches it from the
 * app's own origin (src/worker/codecs-web.ts), Node reads it from node_modules
 * (cli/codecs-node.ts). Nothing here knows which platform it runs on.
 */
type Codec = 'jpeg' | 'png';
type Loader = () => Promise<WebAssembly.Module>;

const loaders = new Map<Codec, Loader>();
const compiled = new Map<Codec, Promise<WebAssembly.Module>>();

/** A decoder used before its WebAssembly was loaded: a bug in the caller, not a bad file. */
export class DecoderNotReady extends Error {
  constructor(codec: Codec) {
    super(`the ${codec.toUpperCase()} decoder is not loaded yet (await prepareDecode(bytes) first)`);
    this.name = 'DecoderNotReady';
  }
}

/** How this thread gets a codec's WebAssembly module (used once, on the first image of that kind). */
export function setCodecLoader(codec: Codec, load: Loader): void {
  loaders.set(codec, load);
}

/** The codec's compiled module; a failed load is retried by the next image. */
export function compiledCodec(codec: Codec): Promise<WebAssembly.Module> {
  let module = compiled.get(codec);
  if (!module) {
    const load = loaders.get(codec);
    if (!load) return Promise.reject(new Error(`no ${codec.toUpperCase()} decoder is registered in this thread (setCodecLoader)`));
    module = load().catch((e: unknown) => {
      compiled.delete(codec);
      throw new Error(`the ${codec.toUpperCase()} decoder could not be loaded (${(e as Error).message})`);
    });
    compiled.set(codec, module);
  }
  return module;
}
