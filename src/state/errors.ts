/**
 * Turns a failed worker request into the text and detail lines the notices list shows, with
 * control characters escaped (the worker escapes its own; an error raised here may not be).
 */
import { escapeControl } from '../bundle/issues';
import { WorkerRequestError } from '../worker/client';

export function describeError(e: unknown): { text: string; details?: string[] } {
  if (e instanceof WorkerRequestError) {
    const text = escapeControl(e.detail.message, true);
    // Some messages already spell out their findings; list only the ones they do not.
    const issues = e.detail.issues?.map((i) => escapeControl(i.message)).filter((m) => !text.includes(m));
    return { text, details: issues && issues.length > 0 ? issues : undefined };
  }
  if (e instanceof Error) return { text: escapeControl(e.message, true) };
  return { text: escapeControl(String(e), true) };
}

/** A worker's crash message as a clause inside a sentence: "stopped (the inference worker crashed: …)". */
export function crashClause(message: string): string {
  const trimmed = message.replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
