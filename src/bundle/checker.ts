/**
 * Field-by-field JSON checking that records every problem instead of stopping at the first.
 * Each getter returns the value when it has the expected type, or undefined after recording
 * an issue, so a caller can keep checking other fields and skip checks that depend on this one.
 */
import { bundlePathProblem } from './paths';
import { makeIssue, renderValue } from './issues';
import type { BundleIssue, TensorDType, TensorSpec } from './types';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const quoteList = (values: readonly string[]) =>
  values.length === 1 ? `"${values[0]}"` : `one of ${values.map((v) => `"${v}"`).join(', ')}`;

export class Checker {
  readonly issues: BundleIssue[] = [];

  constructor(readonly file: string) {}

  /** Records an issue; `found` is the raw value (rendered here) unless `rendered` is given. */
  fail(field: string, found: unknown, expected: string, opts: { rendered?: string; message?: string } = {}): undefined {
    this.issues.push(makeIssue(this.file, field, opts.rendered ?? renderValue(found), expected, opts.message));
    return undefined;
  }

  obj(o: Json, key: string, field: string, required = true): Json | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    return isObject(v) ? v : this.fail(field, v, 'an object');
  }

  str(o: Json, key: string, field: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const v = o[key];
    if (v === undefined && opts.required === false) return undefined;
    if (typeof v !== 'string') return this.fail(field, v, opts.nonEmpty ? 'a non-empty string' : 'a string');
    if (opts.nonEmpty && v.trim() === '') return this.fail(field, v, 'a non-empty string');
    return v;
  }

  oneOf<T extends string>(o: Json, key: string, field: string, values: readonly T[]): T | undefined {
    const v = o[key];
    return values.includes(v as T) ? (v as T) : this.fail(field, v, quoteList(values));
  }

  /** An integer >= min (default 1: "a positive integer"). */
  int(o: Json, key: string, field: string, opts: { min?: number; required?: boolean } = {}): number | undefined {
    const v = o[key];
    if (v === undefined && opts.required === false) return undefined;
    const min = opts.min ?? 1;
    const expected = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : this.fail(field, v, expected);
  }

  num(o: Json, key: string, field: string, opts: { positive?: boolean } = {}): number | undefined {
    const v = o[key];
    const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.positive || v > 0);
    return ok ? (v as number) : this.fail(field, v, opts.positive ? 'a positive number' : 'a finite number');
  }

  /** A fixed-length array of numbers, each passing `test` (described by `what`). */
  tuple(o: Json, key: string, field: string, n: number, what: string, test: (x: number) => boolean): number[] | undefined {
    const v = o[key];
    const ok = Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && test(x));
    return ok ? (v as number[]) : this.fail(field, v, `${n} ${what}`);
  }

  /** A bundle path (see paths.ts). */
  path(o: Json, key: string, field: string, required = true): string | undefined {
    const v = this.str(o, key, field, { required, nonEmpty: true });
    if (v === undefined) return undefined;
    const problem = bundlePathProblem(v);
    return problem ? this.fail(field, v, problem) : v;
  }

  /** A TensorSpec: name, shape (positive integers or symbolic names), dtype among `dtypes`. */
  tensor(o: Json, key: string, field: string, dtypes: readonly TensorDType[], required = true): TensorSpec | undefined {
    const t = this.obj(o, key, field, required);
    if (!t) return undefined;
    const name = this.str(t, 'name', `${field}.name`, { nonEmpty: true });
    const dtype = this.oneOf(t, 'dtype', `${field}.dtype`, dtypes);
    const shape = t.shape;
    const dimOk = (d: unknown) => (typeof d === 'number' && Number.isInteger(d) && d > 0) || (typeof d === 'string' && d !== '');
    if (!Array.isArray(shape) || !shape.every(dimOk)) {
      this.fail(`${field}.shape`, shape, 'an array of positive integers or symbolic dimension names');
      return undefined;
    }
    return name !== undefined && dtype !== undefined ? { name, shape: shape as TensorSpec['shape'], dtype } : undefined;
  }
}
