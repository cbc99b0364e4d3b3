/**
 * Test support for the store's slices (imported by *.test.ts only): a worker client whose answers
 * the test hands out, and a ModelInfo to load.
 */
import type { ModelInfo } from '../model/info';
import { WorkerCrashError } from '../worker/client';
import type { Request } from '../worker/protocol';
import { createExplorerStore } from './store';
import type { ClientPort } from './types';

export type Msg = Omit<Request, 'id'>;

interface Call {
  msg: Msg;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
  progress?: (p: unknown) => void;
}

const CRASH = 'The inference worker was terminated.';

/**
 * A worker client that keeps every request pending until the test answers it (`next(type)` takes
 * the oldest pending request of that type). `crash()` fails what is pending as a dying worker does
 * and tells the store; `port.simulateCrash()` only tells the store; `restarts()` counts restarts.
 */
export function fakeClient() {
  const calls: Call[] = [];
  let listener: ((m: string) => void) | null = null;
  let restarts = 0;
  const port = {
    request(msg: Msg, progress?: (p: unknown) => void) {
      return new Promise((resolve, reject) => calls.push({ msg, resolve, reject, progress }));
    },
    onCrash(l: (m: string) => void) {
      listener = l;
      return () => {};
    },
    simulateCrash() {
      listener?.(CRASH);
    },
    restart() {
      restarts++;
    },
  } as unknown as ClientPort;
  const next = (type: Request['type']) => {
    const i = calls.findIndex((c) => c.msg.type === type);
    if (i < 0) throw new Error(`no pending ${type} request; pending: ${calls.map((c) => c.msg.type).join(', ') || 'none'}`);
    return calls.splice(i, 1)[0];
  };
  const crash = () => {
    for (const c of calls.splice(0)) c.reject(new WorkerCrashError(CRASH));
    listener?.(CRASH);
  };
  return { port, calls, next, crash, restarts: () => restarts };
}

/**
 * A worker client that answers each request type from a table, at once (so a test reads the final
 * state after awaiting the action; an answer may call the request's progress callback); an unlisted type fails. `crash()` tells the store its worker
 * died and was replaced; `count(type)` counts the requests of a type so far.
 */
export function answeringClient(answers: Partial<Record<Request['type'], (msg: Msg, progress?: (p: unknown) => void) => unknown>>) {
  const calls: Msg[] = [];
  let listener: ((m: string) => void) | null = null;
  const port = {
    request(msg: Msg, progress?: (p: unknown) => void) {
      calls.push(msg);
      const answer = answers[msg.type];
      return answer ? Promise.resolve(answer(msg, progress)) : Promise.reject(new Error(`unexpected ${msg.type}`));
    },
    onCrash(l: (m: string) => void) {
      listener = l;
      return () => {};
    },
    simulateCrash() {
      listener?.(CRASH);
    },
  } as unknown as ClientPort;
  const count = (type: Request['type']) => calls.filter((c) => c.type === type).length;
  return { port, calls, count, crash: () => listener?.(CRASH) };
}

/** A small lexical model's info; `over` changes any field. */
export function modelInfo(over: Partial<ModelInfo> = {}): ModelInfo {
  return {
    key: 'k', name: 'tiny', description: 'd', kind: 'lexical', vocabSize: 100, embeddingDim: null,
    backend: 'wasm', backendReason: 'test', runtime: 'onnxruntime-web (test)', bundleBytes: 1, inputSize: [32, 32], grid: [4, 4],
    sparsify: { threshold: 0.1, topK: null }, textMode: 'lookup', hasGallery: false, hasEval: false, wordEmbeddings: null, trainedOn: null,
    provenance: { trainedBy: 't', data: 'd', command: 'c', commit: 'x', date: 'y' }, fromCache: false, cacheNote: null,
    vision: { name: 'exact', file: 'vision.onnx', weights: 'fp32', note: null, reason: 'test', offered: ['exact'] },
    ...over,
  };
}

type EncodeMsg = Extract<Request, { type: 'encodeImage' }>;

/** The bytes an encodeImage request sends (its File or Blob read, or its ArrayBuffer). */
export async function sentBytes(call: Call): Promise<number[]> {
  const { source } = call.msg as unknown as EncodeMsg;
  return [...new Uint8Array(source instanceof Blob ? await source.arrayBuffer() : source)];
}

/** Answers an encodeImage request as the worker does: `fields`, and the file's bytes handed back. */
export async function answerEncode(call: Call, fields: Record<string, unknown>): Promise<void> {
  const bytes = new Uint8Array(await sentBytes(call)).buffer;
  call.resolve({ type: 'imageEncoded', timings: { read: 0, decode: 1, preprocess: 1, inference: 1, postprocess: 1 }, ...fields, bytes });
}

/** A store on a fake worker with a bundle loaded (modelInfo()) and the cache listed: the start of most slice tests. */
export async function loadedStore() {
  const f = fakeClient();
  const store = createExplorerStore(f.port, 10);
  const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
  f.next('loadBundle').resolve({ type: 'bundleLoaded', info: modelInfo() });
  await loading;
  f.next('listCache').resolve({ type: 'cacheList', entries: [] });
  return { store, f };
}
