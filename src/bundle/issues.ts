/**
 * Building, rendering and throwing bundle issues. Every message has one shape,
 * "<file>: <field> is <found>, expected <expected>", so a reader always learns which file,
 * which field, what was there and what should be, from the message alone.
 */
import type { BundleIssue } from './types';

/** JSON-ish rendering of a value found in a file: "missing", "\"text\"", [1,3,224], {...}. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Control characters (C0, DEL, C1) and the invisible marks that reorder text, written out as
 * \xNN or \uNNNN: a file name in a message must not clear a terminal, move its cursor, or make
 * a message read differently from what it says. `keepLines` leaves newlines and tabs of a text
 * made of several messages, one per line.
 */
export function escapeControl(s: string, keepLines = false): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (keepLines && (c === '\n' || c === '\t')) return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** An issue with the standard message; `found` is already rendered. Every text is escaped (escapeControl). */
export function makeIssue(file: string, field: string, found: string, expected: string, message?: string): BundleIssue {
  const e = (s: string) => escapeControl(s);
  return { file: e(file), field: e(field), found: e(found), expected: e(expected), message: e(message ?? `${file}: ${field} is ${found}, expected ${expected}`) };
}

/** One issue per line ("- message"), for the CLI and the UI's error panel; callers add their own heading. */
export function formatIssues(issues: BundleIssue[]): string {
  return issues.map((i) => `- ${i.message}`).join('\n');
}

/** Thrown by the loaders; carries the issues for the worker's `bad-bundle` error. */
export class BundleError extends Error {
  constructor(readonly issues: BundleIssue[]) {
    super(issues.length === 1 ? issues[0].message : `${issues.length} problems:\n${formatIssues(issues)}`);
    this.name = 'BundleError';
  }
}
