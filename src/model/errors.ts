/**
 * The engine's failure type: carries the stable `code` of protocol.ts so the worker forwards it
 * unchanged and the CLI prints the same text the app shows.
 */
import { escapeControl, formatIssues } from '../bundle/issues';
import type { BundleIssue } from '../bundle/types';
import type { WorkerError } from '../worker/protocol';

type EngineErrorCode = WorkerError['code'];

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
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
