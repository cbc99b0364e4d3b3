/**
 * The only module that imports onnxruntime-web (worker side). It hands back a `Runtime`
 * (src/model/runtime.ts) that loads one onnxruntime-web build per device, on first use:
 *
 * - WASM: the plain SIMD + threads build ('onnxruntime-web/wasm', a 14 MB .wasm).
 * - WebGPU: the JSEP build (the default 'onnxruntime-web' entry, a 28 MB .wasm), whose CPU
 *   kernels are built for asynchronous WebGPU calls and run slower.
 *
 * On a 2-core machine (lexvla-tiny, headless Chromium) the plain build ran
 * `session.run` in 49-56 ms against 56-75 ms for the JSEP build, and the page was ready 2.6 s
 * after opening against 4.3 (medians; docs/benchmarks.md, "Tried and not kept"). A worker serves
 * one device for its life (see src/worker/handlers.ts), so it normally loads one build; 'auto'
 * falling back from WebGPU to WASM loads the second one beside the first, each with its own
 * WebAssembly memory.
 *
 * Vite emits each build's .wasm/.mjs pair from node_modules as assets of this app (the `?url`
 * imports below): the runtime is never fetched from a CDN.
 */
import wasmMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import wasmWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jsepMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { createRuntime, type Device, type OrtModule, type Runtime } from './runtime';

type OrtWeb = typeof import('onnxruntime-web');

interface Build {
  label: string;
  load(): Promise<OrtWeb>;
  mjs: string;
  wasm: string;
}

const BUILDS: Record<'wasm' | 'webgpu', Build> = {
  wasm: { label: 'WASM build', load: () => import('onnxruntime-web/wasm'), mjs: wasmMjsUrl, wasm: wasmWasmUrl },
  webgpu: { label: 'JSEP build', load: () => import('onnxruntime-web'), mjs: jsepMjsUrl, wasm: jsepWasmUrl },
};

const loaded = new Map<Device, Promise<OrtWeb>>();
let version = '';
const labels: string[] = [];

/** Sets a freshly imported build's flags once, before its first session exists. */
function configure(ort: OrtWeb, build: Build): OrtWeb {
  // Same-origin files emitted by Vite. Setting `mjs` also stops the bundled build from using its
  // embedded loader, whose pthread workers would re-load our worker chunk instead of ORT's.
  ort.env.wasm.wasmPaths = { mjs: new URL(build.mjs, self.location.href).href, wasm: new URL(build.wasm, self.location.href).href };
  // Threads need SharedArrayBuffer, which only a cross-origin-isolated page gets; asking for
  // more without it makes ORT warn and fall back anyway. 4 is where ViT-sized graphs stop
  // gaining on laptops, and it leaves cores for the UI thread.
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  ort.env.wasm.numThreads = threads;
  // We already run inside a dedicated worker; ORT's proxy worker would add a second hop.
  ort.env.wasm.proxy = false;
  version = ort.env.versions.web ?? version;
  // Said in the model panel: a page served without COOP/COEP (and without the service-worker
  // fallback, see vite.config.ts) runs single-threaded, and the user should know why.
  labels.push(`${build.label}, ${threads} thread${threads === 1 ? '' : 's'}${isolated ? '' : ': the page is not cross-origin isolated'}`);
  return ort;
}

function moduleFor(device: Device): Promise<OrtModule> {
  if (device === 'cpu') return Promise.reject(new Error('onnxruntime-web has no "cpu" device'));
  let m = loaded.get(device);
  if (!m) {
    const build = BUILDS[device];
    m = build.load().then(
      (ort) => configure(ort, build),
      (e: unknown) => {
        throw new Error(`onnxruntime-web's ${build.label} did not load from ${self.location.origin}: ${(e as Error).message ?? String(e)}`);
      },
    );
    m.catch(() => loaded.delete(device));
    loaded.set(device, m);
  }
  return m;
}

let runtime: Runtime | null = null;

/** The browser runtime. */
export function webRuntime(): Runtime {
  runtime ??= createRuntime({
    name: () => `onnxruntime-web ${version}`.trim() + (labels.length > 0 ? ` (${labels.join('; ')})` : ''),
    devices: ['wasm', 'webgpu'],
    module: moduleFor,
  });
  return runtime;
}

