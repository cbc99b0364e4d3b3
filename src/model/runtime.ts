/**
 * The one door to onnxruntime. Everything else (Engine, text encoder) talks to a `Runtime`;
 * only src/model/ort-web.ts imports onnxruntime-web and only cli/ort-node.ts imports
 * onnxruntime-node. Both build their Runtime with `createRuntime` below, so device mapping,
 * serialisation and error wording are the same in the browser and in Node.
 *
 * Only onnxruntime-common TYPES are imported here: this file loads no runtime code.
 */
import type { InferenceSession, Tensor, TensorConstructor } from 'onnxruntime-common';

export type { Tensor } from 'onnxruntime-common';

/** Where a session runs. 'cpu' is onnxruntime-node's CPU provider (CLI, tests). */
export type Device = 'wasm' | 'webgpu' | 'cpu';

/** Device -> execution providers, in priority order. Frozen: no code path may improvise one. */
export const EXECUTION_PROVIDERS: Readonly<Record<Device, readonly string[]>> = Object.freeze({
  wasm: Object.freeze(['wasm']),
  // JSEP places unsupported ops on its CPU kernels by itself; no explicit 'wasm' fallback, so a
  // forced WebGPU run really is WebGPU (tests compare it against WASM).
  webgpu: Object.freeze(['webgpu']),
  cpu: Object.freeze(['cpu']),
});

/** An external-data weight file, referenced by the graph under `path`. */
export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

export interface RuntimeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

export interface Runtime {
  /** e.g. "onnxruntime-web 1.30.0", for reports and error messages. */
  readonly name: string;
  readonly devices: readonly Device[];
  createSession(bytes: Uint8Array, externalData: readonly ExternalDataFile[], device: Device): Promise<RuntimeSession>;
  tensor(type: 'float32', data: Float32Array, dims: readonly number[]): Tensor;
  tensor(type: 'int64', data: BigInt64Array, dims: readonly number[]): Tensor;
  tensor(type: 'int32', data: Int32Array, dims: readonly number[]): Tensor;
}

/** The part of an onnxruntime module (web or node) that we use. */
export interface OrtModule {
  InferenceSession: { create(buffer: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: TensorConstructor;
}

/** Opens a session; ort-node replaces it to materialise external data on disk. */
export type SessionOpener = (
  bytes: Uint8Array,
  externalData: readonly ExternalDataFile[],
  options: InferenceSession.SessionOptions,
) => Promise<InferenceSession>;

export function createRuntime(
  ort: OrtModule,
  name: string,
  devices: readonly Device[],
  open: SessionOpener = (bytes, externalData, options) =>
    ort.InferenceSession.create(bytes, externalData.length > 0 ? { ...options, externalData: [...externalData] } : options),
): Runtime {
  // WASM and WebGPU cannot run two sessions (or a create and a run) at once: one chain for all.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };

  const wrap = (session: InferenceSession): RuntimeSession => ({
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (feeds) => serial(() => session.run(feeds) as Promise<Record<string, Tensor>>),
    release: () => serial(() => session.release()),
  });

  return {
    name,
    devices,
    createSession(bytes, externalData, device) {
      if (!devices.includes(device)) {
        return Promise.reject(new Error(`${name} has no "${device}" device; expected one of ${devices.join(', ')}`));
      }
      const options: InferenceSession.SessionOptions = {
        executionProviders: EXECUTION_PROVIDERS[device],
        graphOptimizationLevel: 'all',
      };
      return serial(() => open(bytes, externalData, options)).then(wrap);
    },
    tensor(type: 'float32' | 'int64' | 'int32', data: Float32Array | BigInt64Array | Int32Array, dims: readonly number[]): Tensor {
      return new ort.Tensor(type, data as Float32Array, dims);
    },
  } as Runtime;
}
