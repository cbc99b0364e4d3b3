/**
 * The engine's failure type and its stable codes: the worker forwards them unchanged (the
 * protocol's `error` answer) and the CLI prints the same text the app shows.
 */
import { escapeControl, formatIssues } from '../bundle/issues';
import type { BundleIssue } from '../bundle/types';

/** Stable codes for tests and UI branching. */
type ErrorCode =
  | 'bad-bundle'
  | 'bad-model'
  | 'bad-image'
  | 'no-model'
  | 'no-image'
  /** A word view was asked of a dense bundle, which has no vocabulary (hide word views). */
  | 'no-vocabulary'
  | 'network'
  | 'backend'
  /**
   * This worker already ran sessions on another backend, and onnxruntime-web cannot switch
   * in one instance (a WebGPU session after a WASM one fails every run): send the request
   * to a fresh worker (WorkerClient.restart).
   */
  | 'restart-worker'
  | 'unknown-message'
  /** A ground-truth mask that is not a PNG, has the wrong size, or class indices outside the list. */
  | 'bad-mask'
  /** A job stopped by cancelJob. */
  | 'cancelled'
  /** Retrieval asked for with no gallery open (or one of another model). */
  | 'no-gallery'
  | 'internal';

/** A failure as it crosses to the page (the worker's `error` answer): plain data, no Error object. */
export interface WorkerError {
  code: ErrorCode;
  message: string;
  /** Validator findings, for bad-bundle. */
  issues?: BundleIssue[];
}

export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: BundleIssue[],
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A bundle the validator (or a graph check at load) found problems in: the message lists them all. */
export function invalidBundle(sourceName: string, issues: BundleIssue[]): EngineError {
  const n = issues.length;
  return new EngineError('bad-bundle', `${sourceName} is not a valid bundle (${n} problem${n === 1 ? '' : 's'}):\n${formatIssues(issues)}`, issues);
}

/**
 * Any thrown value -> the protocol's error object. Unknown errors become 'internal'. Messages are
 * escaped here, the one door out of the worker (a file name may hold any character).
 */
export function toWorkerError(e: unknown): WorkerError {
  const err = rawWorkerError(e);
  return { ...err, message: escapeControl(err.message, true) };
}

function rawWorkerError(e: unknown): WorkerError {
  if (e instanceof EngineError) return e.issues ? { code: e.code, message: e.message, issues: e.issues } : { code: e.code, message: e.message };
  if (e instanceof Error && e.name === 'ImageInputError') return { code: 'bad-image', message: e.message };
  // src/bundle's loaders throw BundleError with validator-shaped issues.
  if (e instanceof Error && e.name === 'BundleError' && Array.isArray((e as { issues?: unknown }).issues)) {
    return { code: 'bad-bundle', message: e.message, issues: (e as unknown as { issues: BundleIssue[] }).issues };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: message || 'unknown error' };
}

/** ORT's messages are sometimes wrapped in "Error: ..." or carry an error-code prefix; keep the text. */
export function ortMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.replace(/^Error:\s*/, '').trim();
}
