/**
 * Which execution backend to use: what the browser CAN do (capabilities, probed once) kept apart
 * from what the user CHOSE (settings). The decision itself is a pure function so that every case
 * of the table is a unit test, not a browser experiment.
 */

/** The backend the user chose: 'auto' lets chooseBackend decide from the probed capabilities. */
export type BackendChoice = 'auto' | 'wasm' | 'webgpu';
/** The backend a model runs on in the browser. */
export type Backend = 'wasm' | 'webgpu';

/** What the WebGPU probe found. `adapter: null` = no navigator.gpu or no adapter returned. */
export interface GpuCapabilities {
  adapter: null | {
    vendor: string;
    architecture: string;
    description: string;
    isFallbackAdapter: boolean;
  };
  /** Why there is no adapter, for the reason string (e.g. "navigator.gpu is undefined"). */
  missingReason?: string;
}

interface BackendDecision {
  backend: Backend;
  /** Shown in the UI next to the model: why this backend was used. */
  reason: string;
}

/**
 * A software rasteriser is not a GPU: SwiftShader runs WebGPU on the CPU, ~40x slower than the
 * WASM backend on a ViT-sized graph (docs: ENVIRONMENT.md measured 12 s vs 0.3 s per run).
 */
export function isSoftwareAdapter(a: NonNullable<GpuCapabilities['adapter']>): boolean {
  const arch = a.architecture.toLowerCase();
  const desc = a.description.toLowerCase();
  return (
    a.isFallbackAdapter ||
    arch === 'swiftshader' ||
    desc.includes('swiftshader') ||
    // Other software stacks that present themselves as adapters.
    desc.includes('llvmpipe') ||
    desc.includes('lavapipe') ||
    desc.includes('microsoft basic render')
  );
}

function adapterLabel(a: NonNullable<GpuCapabilities['adapter']>): string {
  const parts = [a.vendor, a.architecture, a.description].filter((s) => s !== '');
  return parts.length > 0 ? parts.join(' / ') : 'unnamed adapter';
}

/** The backend decision table. Forced choices are obeyed even on a software adapter (tests rely on it). */
export function chooseBackend(choice: BackendChoice, caps: GpuCapabilities): BackendDecision {
  const a = caps.adapter;
  if (choice === 'wasm') return { backend: 'wasm', reason: 'wasm: chosen in settings' };
  if (choice === 'webgpu') {
    if (a === null) {
      // Still try: ORT gives the precise error, which is more useful than ours.
      return { backend: 'webgpu', reason: `webgpu: chosen in settings (no adapter found: ${caps.missingReason ?? 'unknown'})` };
    }
    const soft = isSoftwareAdapter(a) ? ', software adapter: expect slow runs' : '';
    return { backend: 'webgpu', reason: `webgpu: chosen in settings (${adapterLabel(a)}${soft})` };
  }
  if (a === null) {
    return { backend: 'wasm', reason: `auto: no WebGPU adapter (${caps.missingReason ?? 'unknown'}) — using WASM` };
  }
  if (isSoftwareAdapter(a)) {
    const what = a.architecture.toLowerCase() === 'swiftshader' || a.description.toLowerCase().includes('swiftshader')
      ? 'SwiftShader'
      : adapterLabel(a);
    return { backend: 'wasm', reason: `auto: WebGPU adapter is ${what} (software) — using WASM` };
  }
  return { backend: 'webgpu', reason: `auto: hardware WebGPU adapter (${adapterLabel(a)}) — using WebGPU` };
}

/** Minimal structural types, so this file needs no @webgpu/types. */
interface GpuLike {
  requestAdapter(): Promise<null | {
    info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
    isFallbackAdapter?: boolean;
  }>;
}

/** Probe WebGPU once. Never throws: a failed probe is "no adapter" with the reason. */
export async function probeGpu(nav: object | undefined = globalThis.navigator): Promise<GpuCapabilities> {
  const gpu = (nav as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { adapter: null, missingReason: 'navigator.gpu is undefined' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { adapter: null, missingReason: 'requestAdapter() returned null' };
    const info = adapter.info ?? {};
    return {
      adapter: {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        description: info.description ?? '',
        // Chrome exposes it on info (new spec) or on the adapter (older builds).
        isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
      },
    };
  } catch (e) {
    return { adapter: null, missingReason: `requestAdapter() failed: ${(e as Error).message}` };
  }
}
