/// <reference lib="webworker" />
/**
 * The inference worker: check the message type against the request table (protocol.ts), hand
 * the work to ./handlers (imported on the first message, so the worker starts instantly and
 * onnxruntime loads only when needed), and answer every failure as `{ type: 'error', id, error }`.
 * Created by the app with
 *   new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' })
 */
import { toWorkerError } from '../model/errors';
import { REQUESTS, type Request, type Response } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** The request types of protocol.ts's table; anything else is answered 'unknown-message'. */
const KNOWN: ReadonlySet<string> = new Set(Object.keys(REQUESTS));

let handlers: Promise<typeof import('./handlers')> | null = null;

function post(msg: Response, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<Request>) => {
  const msg = ev.data as Partial<Request> | null;
  const id = typeof msg?.id === 'number' ? msg.id : -1;
  if (!msg || !KNOWN.has(msg.type as string)) {
    const found = msg && typeof msg === 'object' ? JSON.stringify(msg.type) : typeof msg;
    post({ id, type: 'error', error: { code: 'unknown-message', message: `Unknown message type ${found}; expected one of ${[...KNOWN].join(', ')}.` } });
    return;
  }
  try {
    handlers ??= import('./handlers').catch((e: unknown) => {
      handlers = null; // a failed chunk load (e.g. offline) may succeed on the next message
      throw e;
    });
    const h = await handlers;
    await h.handle(msg as Request, post);
  } catch (e) {
    post({ id, type: 'error', error: toWorkerError(e) });
  }
};
