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

/**
 * An input for `RuntimeSession.run`: data and shape, not yet any onnxruntime module's Tensor
 * (the browser may hold two builds, each with its own Tensor class; the session wraps the data
 * in its own, without a copy).
 */
export type Feed =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly type: 'int32'; readonly data: Int32Array; readonly dims: readonly number[] };

export interface RuntimeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Feed>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

/** What the bundle says of a graph, beyond its bytes. */
export interface GraphFacts {
  /** Which of the bundle's graphs it is. */
  role: 'vision' | 'text';
  /** The precision of its stored weights. */
  weights: 'fp32' | 'fp16' | 'int8';
}

/**
 * Vision graphs over this size (graph and external data together) with float16 weights open lean
 * on the CPU devices: their weights stay float16 in memory and each run casts them to float32 as
 * it goes (the export splits a weight over 32 MB into column slices, so one slice is cast at a
 * time), and no prepacked copy is made. On the paper-sized vision graph (366 MB), `lexvla
 * bench-variants`: a browser peak of 1.42-1.44 GB against 2.40-2.45 GB, each image 3-11% slower
 * and the session's first slower still (docs/benchmarks.md, "Vision graph variants"). Text
 * graphs open as before: their codebook, read by a Gather and a MatMul, cannot be split, and a
 * whole cast of it at each query saved no memory and made queries slower. An int8 variant opens as
 * before too: its MatMuls are integer ones. The shipped tiny graphs (4-10 MB) stay below the size.
 */
export const LEAN_MIN_BYTES = 64 << 20;

/** The session options for a graph of `bytes` in all, with `facts`, on `device`. */
export function sessionOptions(device: Device, bytes: number, facts?: GraphFacts): InferenceSession.SessionOptions {
  const options: InferenceSession.SessionOptions = { executionProviders: EXECUTION_PROVIDERS[device], graphOptimizationLevel: 'all' };
  if (device === 'webgpu' || facts?.role !== 'vision' || facts.weights !== 'fp16' || bytes <= LEAN_MIN_BYTES) return options;
  return {
    ...options,
    // Above 'basic', fusions rewrite the weights into new float32 initializers; constant folding
    // would turn every Cast of a float16 weight into a float32 copy.
    graphOptimizationLevel: 'basic',
    extra: { session: { disable_prepacking: '1' }, optimization: { disable_specified_optimizers: 'ConstantFolding' } },
  };
}

export interface Runtime {
  /** e.g. "onnxruntime-web 1.30.0 (WASM build, 2 threads)", for reports and error messages. */
  readonly name: string;
  readonly devices: readonly Device[];
  createSession(bytes: Uint8Array, externalData: readonly ExternalDataFile[], device: Device, facts?: GraphFacts): Promise<RuntimeSession>;
}

/** A feed for `RuntimeSession.run`. */
export function feed(type: 'float32', data: Float32Array, dims: readonly number[]): Feed;
export function feed(type: 'int64', data: BigInt64Array, dims: readonly number[]): Feed;
export function feed(type: 'int32', data: Int32Array, dims: readonly number[]): Feed;
export function feed(type: Feed['type'], data: Feed['data'], dims: readonly number[]): Feed {
  return { type, data, dims } as Feed;
}

/** The part of an onnxruntime module (web or node) that we use. */
export interface OrtModule {
  InferenceSession: { create(buffer: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: TensorConstructor;
}

/** Opens a session with `ort`; ort-node replaces it to materialise external data on disk. */
export type SessionOpener = (
  ort: OrtModule,
  bytes: Uint8Array,
  externalData: readonly ExternalDataFile[],
  options: InferenceSession.SessionOptions,
) => Promise<InferenceSession>;

const openInMemory: SessionOpener = (ort, bytes, externalData, options) =>
  ort.InferenceSession.create(bytes, externalData.length > 0 ? { ...options, externalData: [...externalData] } : options);

interface RuntimeSpec {
  /** The runtime's name as it stands (it may name the build only once one is loaded). */
  name(): string;
  devices: readonly Device[];
  /**
   * The onnxruntime module that serves `device`. The browser loads a build per device on first
   * use (src/model/ort-web.ts); Node has one module for everything.
   */
  module(device: Device): OrtModule | Promise<OrtModule>;
  open?: SessionOpener;
}

export function createRuntime(spec: RuntimeSpec): Runtime {
  const { devices, open = openInMemory } = spec;
  // A create and a run, or two runs, never overlap (WASM and WebGPU sessions cannot), even
  // across builds: one chain for all.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };

  const wrap = (ort: OrtModule, session: InferenceSession): RuntimeSession => ({
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (feeds) => {
      // This build's own Tensor around the caller's data: no copy.
      const tensors: Record<string, Tensor> = {};
      for (const [k, f] of Object.entries(feeds)) tensors[k] = new ort.Tensor(f.type, f.data as Float32Array, f.dims);
      return serial(() => session.run(tensors) as Promise<Record<string, Tensor>>);
    },
    release: () => serial(() => session.release()),
  });

  return {
    get name() {
      return spec.name();
    },
    devices,
    async createSession(bytes, externalData, device, facts) {
      if (!devices.includes(device)) throw new Error(`${spec.name()} has no "${device}" device; expected one of ${devices.join(', ')}`);
      const ort = await spec.module(device);
      const total = externalData.reduce((sum, f) => sum + f.data.byteLength, bytes.byteLength);
      const options = sessionOptions(device, total, facts);
      return serial(() => open(ort, bytes, externalData, options)).then((s) => wrap(ort, s));
    },
  };
}
