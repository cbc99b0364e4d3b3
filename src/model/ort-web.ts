/**
 * The only module that imports onnxruntime-web (worker side). It sets the runtime flags once,
 * before the first session exists, and hands back a `Runtime` (src/model/runtime.ts).
 *
 * Build: the default 'onnxruntime-web' entry is the JSEP build (WebGPU + WASM in one binary),
 * so one .wasm/.mjs pair serves both devices. Vite emits the pair from node_modules as assets
 * of this app (the `?url` imports below): the runtime is never fetched from a CDN.
 */
import * as ort from 'onnxruntime-web';
import jsepMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { createRuntime, type Runtime } from './runtime';

let runtime: Runtime | null = null;

function configure(): void {
  // Same-origin files emitted by Vite. Setting `mjs` also stops the bundled build from using its
  // embedded loader, whose pthread workers would re-load our worker chunk instead of ORT's.
  ort.env.wasm.wasmPaths = {
    mjs: new URL(jsepMjsUrl, self.location.href).href,
    wasm: new URL(jsepWasmUrl, self.location.href).href,
  };
  // Threads need SharedArrayBuffer, which only a cross-origin-isolated page gets; asking for
  // more without it makes ORT warn and fall back anyway. 4 is where ViT-sized graphs stop
  // gaining on laptops, and it leaves cores for the UI thread.
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, cores)) : 1;
  // We already run inside a dedicated worker; ORT's proxy worker would add a second hop.
  ort.env.wasm.proxy = false;
}

/** The browser runtime, configured on first use. */
export function webRuntime(): Runtime {
  if (runtime === null) {
    configure();
    runtime = createRuntime(ort, `onnxruntime-web ${ort.env.versions.web ?? ''}`.trim(), ['wasm', 'webgpu']);
  }
  return runtime;
}

/** Threads actually configured, for the diagnostics line. */
export function wasmThreads(): number {
  return ort.env.wasm.numThreads ?? 1;
}
