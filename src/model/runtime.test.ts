import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-common';
import { createRuntime, EXECUTION_PROVIDERS, feed, LEAN_MIN_BYTES, type OrtModule } from './runtime';

/** A fake ORT whose sessions record when each run starts and ends. */
function fakeOrt(log: string[], delays: number[]) {
  let created = 0;
  const options: InferenceSession.SessionOptions[] = [];
  const ort = {
    Tensor: class {} as unknown as OrtModule['Tensor'],
    InferenceSession: {
      async create(_bytes: Uint8Array, opts?: InferenceSession.SessionOptions) {
        options.push(opts ?? {});
        const n = created++;
        return {
          inputNames: ['x'],
          outputNames: ['y'],
          async run() {
            log.push(`start ${n}`);
            await new Promise((r) => setTimeout(r, delays[n] ?? 0));
            log.push(`end ${n}`);
            return {};
          },
          async release() {},
        } as unknown as InferenceSession;
      },
    },
  } satisfies OrtModule;
  return { ort, options };
}

describe('createRuntime', () => {
  it('maps each device through the frozen provider table', async () => {
    const { ort, options } = fakeOrt([], []);
    const rt = createRuntime({ name: () => 'fake', devices: ['wasm', 'webgpu'], module: () => ort });
    await rt.createSession(new Uint8Array(1), [], 'webgpu');
    await rt.createSession(new Uint8Array(1), [], 'wasm');
    expect(options.map((o) => o.executionProviders)).toEqual([['webgpu'], ['wasm']]);
    expect(Object.isFrozen(EXECUTION_PROVIDERS)).toBe(true);
    expect(Object.isFrozen(EXECUTION_PROVIDERS.wasm)).toBe(true);
  });

  it('opens vision graphs over LEAN_MIN_BYTES with float16 weights lean on the CPU devices, and no other graph', async () => {
    const { ort, options } = fakeOrt([], []);
    const rt = createRuntime({ name: () => 'fake', devices: ['wasm', 'webgpu'], module: () => ort });
    const half = LEAN_MIN_BYTES / 2;
    const data = [{ path: 'vision.onnx.data', data: new Uint8Array(half + 1) }];
    const vision = (weights: 'fp32' | 'fp16' | 'int8') => ({ role: 'vision' as const, weights });
    await rt.createSession(new Uint8Array(half), data, 'wasm', vision('fp16')); // graph and data together pass it
    await rt.createSession(new Uint8Array(half), data, 'webgpu', vision('fp16'));
    await rt.createSession(new Uint8Array(half), data, 'wasm', vision('int8'));
    await rt.createSession(new Uint8Array(half), data, 'wasm', vision('fp32'));
    await rt.createSession(new Uint8Array(half - 1), [{ path: 'v.data', data: new Uint8Array(half + 1) }], 'wasm', vision('fp16'));
    await rt.createSession(new Uint8Array(half), data, 'wasm', { role: 'text', weights: 'fp16' });
    await rt.createSession(new Uint8Array(half), data, 'wasm');
    const lean = (o: InferenceSession.SessionOptions) => o.graphOptimizationLevel === 'basic' && JSON.stringify(o.extra).includes('ConstantFolding');
    expect(options.map(lean)).toEqual([true, false, false, false, false, false, false]);
    expect(options[0].extra).toEqual({ session: { disable_prepacking: '1' }, optimization: { disable_specified_optimizers: 'ConstantFolding' } });
    expect(options.slice(1).map((o) => o.graphOptimizationLevel)).toEqual(['all', 'all', 'all', 'all', 'all', 'all']);
  });

  it('never runs two sessions at once, even across sessions', async () => {
    const log: string[] = [];
    const { ort } = fakeOrt(log, [30, 0]);
    const rt = createRuntime({ name: () => 'fake', devices: ['wasm'], module: () => ort });
    const [a, b] = await Promise.all([rt.createSession(new Uint8Array(1), [], 'wasm'), rt.createSession(new Uint8Array(1), [], 'wasm')]);
    await Promise.all([a.run({}), b.run({})]); // a is slow; b would finish first if they overlapped
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
  });

  it('keeps the chain alive after a failed task', async () => {
    const { ort } = fakeOrt([], []);
    let calls = 0;
    const flaky: OrtModule = {
      ...ort,
      InferenceSession: {
        create: (bytes, opts) => (calls++ === 0 ? Promise.reject(new Error('boom')) : ort.InferenceSession.create(bytes, opts)),
      },
    };
    const rt = createRuntime({ name: () => 'fake', devices: ['wasm'], module: () => flaky });
    await expect(rt.createSession(new Uint8Array(1), [], 'wasm')).rejects.toThrow('boom');
    await expect(rt.createSession(new Uint8Array(1), [], 'wasm')).resolves.toMatchObject({ inputNames: ['x'] });
  });

  it("opens each device's session with that device's module, and wraps feeds in its Tensor", async () => {
    const made: string[] = [];
    const build = (label: string): OrtModule => {
      const { ort } = fakeOrt([], []);
      const Tensor = class {
        constructor(readonly type: string, readonly data: unknown, readonly dims: readonly number[]) {
          made.push(`${label} ${type} [${dims.join(',')}]`);
        }
      };
      return {
        Tensor: Tensor as unknown as OrtModule['Tensor'],
        InferenceSession: {
          async create(bytes, opts) {
            const s = await ort.InferenceSession.create(bytes, opts);
            return { ...s, inputNames: s.inputNames, outputNames: [label], run: async (feeds: Record<string, unknown>) => ({ feeds }) } as unknown as InferenceSession;
          },
        },
      };
    };
    const modules = { wasm: build('plain'), webgpu: build('jsep') };
    const asked: string[] = [];
    const rt = createRuntime({
      name: () => 'fake',
      devices: ['wasm', 'webgpu'],
      module: async (d) => {
        asked.push(d);
        return modules[d as 'wasm' | 'webgpu'];
      },
    });
    const gpu = await rt.createSession(new Uint8Array(1), [], 'webgpu');
    const cpu = await rt.createSession(new Uint8Array(1), [], 'wasm');
    expect([gpu.outputNames, cpu.outputNames, asked]).toEqual([['jsep'], ['plain'], ['webgpu', 'wasm']]);
    const data = new Float32Array(6);
    const out = (await cpu.run({ x: feed('float32', data, [1, 2, 3]) })) as unknown as { feeds: Record<string, { data: unknown }> };
    expect(made).toEqual(['plain float32 [1,2,3]']);
    expect(out.feeds.x).toBeInstanceOf(modules.wasm.Tensor);
    expect(out.feeds.x.data).toBe(data); // wrapped, not copied
  });

  it('refuses a device the runtime does not have, naming the ones it has', async () => {
    const { ort } = fakeOrt([], []);
    const rt = createRuntime({ name: () => 'onnxruntime-node 1.30.0', devices: ['cpu'], module: () => ort });
    await expect(rt.createSession(new Uint8Array(1), [], 'webgpu')).rejects.toThrow(
      'onnxruntime-node 1.30.0 has no "webgpu" device; expected one of cpu',
    );
  });
});
