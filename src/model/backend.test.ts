import { describe, expect, it } from 'vitest';
import { chooseBackend, isSoftwareAdapter, probeGpu, type GpuCapabilities } from './backend';

const swiftshader: GpuCapabilities = {
  adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: false },
};
const fallback: GpuCapabilities = {
  adapter: { vendor: 'acme', architecture: 'soft', description: '', isFallbackAdapter: true },
};
const nvidia: GpuCapabilities = {
  adapter: { vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3080', isFallbackAdapter: false },
};
const none: GpuCapabilities = { adapter: null, missingReason: 'navigator.gpu is undefined' };

// The decision table: choice x capabilities -> backend and the exact reason the UI shows.
const cases: Array<[string, Parameters<typeof chooseBackend>[0], GpuCapabilities, string, string]> = [
  ['auto, no adapter', 'auto', none, 'wasm', 'auto: no WebGPU adapter (navigator.gpu is undefined) — using WASM'],
  ['auto, SwiftShader', 'auto', swiftshader, 'wasm', 'auto: WebGPU adapter is SwiftShader (software) — using WASM'],
  ['auto, fallback adapter', 'auto', fallback, 'wasm', 'auto: WebGPU adapter is acme / soft (software) — using WASM'],
  ['auto, hardware', 'auto', nvidia, 'webgpu', 'auto: hardware WebGPU adapter (nvidia / ampere / RTX 3080) — using WebGPU'],
  ['webgpu forced on SwiftShader', 'webgpu', swiftshader, 'webgpu', 'webgpu: chosen in settings (google / swiftshader, software adapter: expect slow runs)'],
  ['webgpu forced, no adapter', 'webgpu', none, 'webgpu', 'webgpu: chosen in settings (no adapter found: navigator.gpu is undefined)'],
  ['webgpu forced, hardware', 'webgpu', nvidia, 'webgpu', 'webgpu: chosen in settings (nvidia / ampere / RTX 3080)'],
  ['wasm forced with hardware GPU', 'wasm', nvidia, 'wasm', 'wasm: chosen in settings'],
];

describe('chooseBackend', () => {
  it.each(cases)('%s', (_name, choice, caps, backend, reason) => {
    expect(chooseBackend(choice, caps)).toEqual({ backend, reason });
  });
});

describe('isSoftwareAdapter', () => {
  it('recognises llvmpipe by its description', () => {
    expect(isSoftwareAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15)', isFallbackAdapter: false })).toBe(true);
  });
  it('does not flag an Intel GPU', () => {
    expect(isSoftwareAdapter({ vendor: 'intel', architecture: 'gen-12lp', description: '', isFallbackAdapter: false })).toBe(false);
  });
});

describe('probeGpu', () => {
  it('reports a missing navigator.gpu', async () => {
    expect(await probeGpu({})).toEqual(none);
  });
  it('reads adapter.info and the adapter-level fallback flag', async () => {
    const nav = {
      gpu: {
        requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' }, isFallbackAdapter: true }),
      },
    };
    expect(await probeGpu(nav)).toEqual({
      adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
    });
  });
  it('turns a throwing requestAdapter into "no adapter" with the message', async () => {
    const nav = { gpu: { requestAdapter: async () => { throw new Error('blocked'); } } };
    expect(await probeGpu(nav)).toEqual({ adapter: null, missingReason: 'requestAdapter() failed: blocked' });
  });
});
