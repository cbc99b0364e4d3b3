/**
 * The engine's failure type: carries the stable `code` of protocol.ts so the worker forwards it
 * unchanged and the CLI prints the same text the app shows.
 */
import type { BundleIssue } from '../bundle/types';
import type { WorkerError } from '../worker/protocol';

export type EngineErrorCode = WorkerError['code'];

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

/** Any thrown value -> the protocol's error object. Unknown errors become 'internal'. */
export function toWorkerError(e: unknown): WorkerError {
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
