import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-common';
import { createRuntime, EXECUTION_PROVIDERS, type OrtModule } from './runtime';

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
    const rt = createRuntime(ort, 'fake', ['wasm', 'webgpu']);
    await rt.createSession(new Uint8Array(1), [], 'webgpu');
    await rt.createSession(new Uint8Array(1), [], 'wasm');
    expect(options.map((o) => o.executionProviders)).toEqual([['webgpu'], ['wasm']]);
    expect(Object.isFrozen(EXECUTION_PROVIDERS)).toBe(true);
    expect(Object.isFrozen(EXECUTION_PROVIDERS.wasm)).toBe(true);
  });

  it('never runs two sessions at once, even across sessions', async () => {
    const log: string[] = [];
    const { ort } = fakeOrt(log, [30, 0]);
    const rt = createRuntime(ort, 'fake', ['wasm']);
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
    const rt = createRuntime(flaky, 'fake', ['wasm']);
    await expect(rt.createSession(new Uint8Array(1), [], 'wasm')).rejects.toThrow('boom');
    await expect(rt.createSession(new Uint8Array(1), [], 'wasm')).resolves.toMatchObject({ inputNames: ['x'] });
  });

  it('refuses a device the runtime does not have, naming the ones it has', async () => {
    const { ort } = fakeOrt([], []);
    const rt = createRuntime(ort, 'onnxruntime-node 1.30.0', ['cpu']);
    await expect(rt.createSession(new Uint8Array(1), [], 'webgpu')).rejects.toThrow(
      'onnxruntime-node 1.30.0 has no "webgpu" device; expected one of cpu',
    );
  });
});
