/**
 * onnxruntime-web's WebAssembly build, run in Node: the kernels the page runs (MLAS's WebAssembly
 * SIMD code), for figures that must be the browser's, not onnxruntime-node's native ones. An int8
 * graph's words depend on the integer kernels that compute them (native x86 kernels use other
 * instructions and rounding paths than WebAssembly's), so `lexvla bench-variants` compares the
 * variants' words here. Besides src/model/ort-web.ts (the page's), the only importer of onnxruntime-web.
 */
import { createRuntime, type OrtModule, type Runtime } from '../src/model/runtime';

let runtime: Runtime | null = null;
let threads = 0;

/** The WASM runtime in Node with `numThreads` threads (fixed by the first call: onnxruntime-web reads it once). */
export async function wasmNodeRuntime(numThreads: number): Promise<Runtime> {
  if (runtime) {
    if (numThreads !== threads) throw new Error(`onnxruntime-web already runs with ${threads} threads in this process, asked for ${numThreads}`);
    return runtime;
  }
  const ort = await import('onnxruntime-web');
  // The page's setting (src/model/ort-web.ts): its thread count is the machine's cores, up to 4.
  ort.env.wasm.numThreads = numThreads;
  threads = numThreads;
  runtime = createRuntime({
    name: () => `onnxruntime-web ${ort.env.versions.web ?? ''} in Node (WASM, ${numThreads} thread${numThreads === 1 ? '' : 's'})`,
    devices: ['wasm'],
    module: () => ort as unknown as OrtModule,
  });
  return runtime;
}
