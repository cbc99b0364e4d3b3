/**
 * Main-thread side of the worker protocol: typed requests that resolve to their response,
 * progress callbacks, and crash recovery (a dead worker rejects everything pending, is replaced,
 * and listeners are told so they can reload the model and image).
 */
import type { WorkerError } from '../model/errors';
import type { AnswerOf, FieldsOf, ImagePreview, Progress, RequestOf, RequestType, Response, WordsAheadPart } from './protocol';

/** Messages that come before a request's answer: progress, an encode's early preview, a region batch's first part. */
type Interim = Progress | ImagePreview | WordsAheadPart;
type InterimFor<T extends RequestType> = T extends 'encodeImage' ? ImagePreview : T extends 'wordsAhead' ? WordsAheadPart : Progress;
type Final = Exclude<Response, Interim | { type: 'error' }>;
/** What request `T` resolves to: its answer (protocol.ts's table), with the id. */
type AnswerFor<T extends RequestType> = { id: number } & AnswerOf<T>;

export class WorkerRequestError extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = 'WorkerRequestError';
  }
}

/**
 * A request lost because the worker died under it. The store replays what it can after the
 * restart (the model, the image being encoded) instead of reporting the loss as a failure.
 */
export class WorkerCrashError extends WorkerRequestError {
  constructor(message: string) {
    super({ code: 'internal', message });
    this.name = 'WorkerCrashError';
  }
}

interface Pending {
  resolve: (r: Final) => void;
  reject: (e: WorkerRequestError) => void;
  onProgress?: (p: Interim) => void;
}

export class WorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private crashListeners = new Set<(message: string) => void>();

  constructor(private readonly makeWorker: () => Worker) {
    this.worker = this.spawn();
  }

  request<T extends RequestType>(
    msg: { type: T } & FieldsOf<T>,
    onProgress?: (p: InterimFor<T>) => void,
    transfer: Transferable[] = [],
  ): Promise<AnswerFor<T>> {
    const id = this.nextId++;
    return new Promise<AnswerFor<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Final) => void, reject, onProgress: onProgress as ((p: Interim) => void) | undefined });
      this.worker.postMessage({ ...msg, id } as RequestOf<T>, transfer);
    });
  }

  /** Called after the worker died and was replaced; returns an unsubscribe function. */
  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Kill the worker as a crash would (used by the recovery test and the debug hook). */
  simulateCrash(): void {
    this.handleCrash('The inference worker was terminated.');
  }

  dispose(): void {
    this.worker.terminate();
    this.rejectAll(new WorkerRequestError({ code: 'internal', message: 'The inference worker was shut down.' }));
  }

  /**
   * Replaces the worker with a fresh one, on purpose (not a crash): onnxruntime-web cannot run a
   * WebGPU session after a WASM one in the same worker, so a backend change starts a new worker.
   * Requests in flight fail; no crash listener is told.
   */
  restart(): void {
    this.worker.terminate();
    this.rejectAll(new WorkerRequestError({ code: 'internal', message: 'The inference worker was restarted.' }));
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = this.makeWorker();
    worker.onmessage = (ev: MessageEvent<Response>) => this.dispatch(ev.data);
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.handleCrash(`The inference worker crashed: ${ev.message || 'unknown error'}.`);
    };
    worker.onmessageerror = () => this.handleCrash('The inference worker sent a message that could not be read.');
    return worker;
  }

  private dispatch(msg: Response): void {
    const p = this.pending.get(msg.id);
    if (!p) return; // answer to a request voided by a crash
    if (msg.type === 'progress' || msg.type === 'imagePreview' || msg.type === 'wordsAheadPart') {
      p.onProgress?.(msg);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new WorkerRequestError(msg.error));
    else p.resolve(msg);
  }

  private handleCrash(message: string): void {
    this.worker.terminate();
    this.rejectAll(new WorkerCrashError(message));
    this.worker = this.spawn();
    for (const l of this.crashListeners) l(message);
  }

  private rejectAll(error: WorkerRequestError): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
