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

/** An issue with the standard message; `found` is already rendered. */
export function makeIssue(file: string, field: string, found: string, expected: string, message?: string): BundleIssue {
  return { file, field, found, expected, message: message ?? `${file}: ${field} is ${found}, expected ${expected}` };
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
