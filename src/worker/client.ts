/**
 * Main-thread side of the worker protocol: typed requests that resolve to their response,
 * progress callbacks, and crash recovery (a dead worker rejects everything pending, is replaced,
 * and listeners are told so they can reload the model and image).
 */
import type { Request, Response, WorkerError } from './protocol';
import type { RetrievalAnswerOf } from './retrieval-protocol';

type Progress = Extract<Response, { type: 'progress' }>;
type Final = Exclude<Response, { type: 'progress' } | { type: 'error' }>;
/** The response type that answers each request type. */
interface AnswerOf extends RetrievalAnswerOf {
  loadBundle: 'bundleLoaded';
  encodeImage: 'imageEncoded';
  words: 'words';
  setSparsify: 'sparsifySet';
  wordHeatmap: 'wordHeatmap';
  listCache: 'cacheList';
  clearCache: 'cacheCleared';
  textQuery: 'textQueried';
  patchDisImage: 'patchDisImaged';
  evalSetInfo: 'evalSetLoaded';
  patchDisDataset: 'patchDisDatasetDone';
  cancelJob: 'jobCancelled';
}
export type RequestOf<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id'>;
export type AnswerFor<T extends Request['type']> = Extract<Final, { type: AnswerOf[T] }>;

export class WorkerRequestError extends Error {
  constructor(readonly detail: WorkerError) {
    super(detail.message);
    this.name = 'WorkerRequestError';
  }
}

interface Pending {
  resolve: (r: Final) => void;
  reject: (e: WorkerRequestError) => void;
  onProgress?: (p: Progress) => void;
}

export class WorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private crashListeners = new Set<(message: string) => void>();

  constructor(private readonly makeWorker: () => Worker) {
    this.worker = this.spawn();
  }

  request<T extends Request['type']>(
    msg: RequestOf<T> & { type: T },
    onProgress?: (p: Progress) => void,
    transfer: Transferable[] = [],
  ): Promise<AnswerFor<T>> {
    const id = this.nextId++;
    return new Promise<AnswerFor<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Final) => void, reject, onProgress });
      this.worker.postMessage({ ...msg, id } as Request, transfer);
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
    this.rejectAll('The inference worker was shut down.');
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
    if (msg.type === 'progress') {
      p.onProgress?.(msg);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new WorkerRequestError(msg.error));
    else p.resolve(msg);
  }

  private handleCrash(message: string): void {
    this.worker.terminate();
    this.rejectAll(message);
    this.worker = this.spawn();
    for (const l of this.crashListeners) l(message);
  }

  private rejectAll(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new WorkerRequestError({ code: 'internal', message }));
  }
}
