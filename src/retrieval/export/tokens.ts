/**
 * How vocabulary entries and weights are written for a search engine.
 * Keys: Elasticsearch and OpenSearch address a sparse vector's features by name, so the key is
 * the vocabulary word itself (queries stay readable) — unless the word contains a dot or
 * white space (both engines treat dots in field names as object paths) or repeats an earlier
 * word; such entries are written as "#<vocabulary index>". Qdrant uses the indices directly.
 */
import type { SparseVector } from '../../lexical/sparse';

const SAFE = /^[^.\s#][^.\s]*$/;

/** One key per vocabulary entry, unique. */
export function tokenKeys(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const keys = words.map((w, i) => {
    const key = SAFE.test(w) && !seen.has(w) ? w : `#${i}`;
    seen.add(key);
    return key;
  });
  return keys;
}

/** The shortest decimal that reads back as the same float32 (0.8, not 0.800000011920929). */
export function f32(v: number): number {
  const target = Math.fround(v);
  for (let p = 1; p < 9; p++) {
    const x = Number(target.toPrecision(p));
    if (Math.fround(x) === target) return x;
  }
  return Number(target.toPrecision(9));
}

/** Entries in ascending vocabulary order, values checked > 0 (both rank_features and sparse_vector reject others). */
export function sortedEntries(v: SparseVector, docId: string): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  for (let i = 0; i < v.indices.length; i++) {
    const value = v.values[i];
    if (!(value > 0)) throw new RangeError(`document ${JSON.stringify(docId)}: word #${v.indices[i]} has weight ${value}, expected a positive weight (the engines reject zero and negative features)`);
    entries.push([v.indices[i], f32(value)]);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}
