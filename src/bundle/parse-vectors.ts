/**
 * Checks of the JSON files that hold vectors and word lists. Arrays can hold 17,149 entries,
 * so a bad array reports its first bad element and how many others are bad, not one issue each.
 */
import { Checker, isObject } from './checker';
import type { BundleKind } from './types';

/** Reports the first element failing `ok` (with the count of all failing ones); true when all pass. */
export function checkEach(ck: Checker, arr: unknown[], field: string, expected: string, ok: (x: unknown) => boolean): boolean {
  let first = -1;
  let bad = 0;
  arr.forEach((x, i) => {
    if (!ok(x)) {
      bad++;
      if (first < 0) first = i;
    }
  });
  if (bad === 0) return true;
  const more = bad > 1 ? ` (${bad - 1} more entries are wrong too)` : '';
  ck.fail(`${field}[${first}]`, arr[first], `${expected}${more}`);
  return false;
}

/** "<field> has N entries, expected M (why)". */
export function failCount(ck: Checker, field: string, n: number, expected: number, why: string): void {
  ck.fail(field, n, `${expected} ${why}`, {
    rendered: `${n} entries`,
    message: `${ck.file}: ${field} has ${n} entries, expected ${expected} ${why}`,
  });
}

export const isNonNegInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
export const isString = (x: unknown) => typeof x === 'string';
const isFiniteNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/**
 * One vector per entry: SparseVectorJson { indices ascending in [0, V), values } for lexical
 * bundles, number[D] for dense ones. `width` undefined: the manifest's width is unknown.
 */
export function checkVectors(ck: Checker, vectors: unknown[], field: string, kind: BundleKind, width: number | undefined): void {
  if (kind === 'dense') {
    checkEach(ck, vectors, field, `an array of ${width ?? 'D'} numbers (embeddingDim)`, (v) =>
      Array.isArray(v) && (width === undefined || v.length === width) && v.every(isFiniteNum),
    );
    return;
  }
  const sparseOk = (v: unknown) => {
    if (!isObject(v) || !Array.isArray(v.indices) || !Array.isArray(v.values)) return false;
    const { indices, values } = v as { indices: unknown[]; values: unknown[] };
    if (indices.length !== values.length || !values.every(isFiniteNum)) return false;
    return indices.every(
      (j, i) => isNonNegInt(j) && (width === undefined || (j as number) < width) && (i === 0 || (j as number) > (indices[i - 1] as number)),
    );
  };
  checkEach(ck, vectors, field, `a sparse vector { indices: ascending integers in [0, ${width ?? 'V'}), values: numbers of the same count }`, sparseOk);
}
