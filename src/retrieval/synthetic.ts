/**
 * Seeded synthetic lexical vectors with a model's sparsity, for benchmarks: each vector has
 * between minActive and maxActive words, drawn with Zipf-like word popularity (real lexical
 * vectors reuse common words far more than rare ones, which lengthens their posting lists),
 * positive values, L2-normalised, strongest first like sparsify's output.
 */
import type { SparseVector } from '../lexical/sparse';
import { selectTopK } from '../lexical/select';
import { mulberry32 } from '../util/prng';

export interface SyntheticSpec {
  vocab: number;
  minActive: number;
  maxActive: number;
  /** Zipf exponent of word popularity (0 = uniform). */
  skew: number;
  seed: number;
}

export const MODEL_SPARSITY: SyntheticSpec = { vocab: 19_545, minActive: 300, maxActive: 1_000, skew: 0.8, seed: 1 };

export function syntheticVectors(n: number, spec: SyntheticSpec, seedOffset = 0): SparseVector[] {
  const { vocab, minActive, maxActive, skew } = spec;
  if (!(minActive >= 1 && maxActive >= minActive && maxActive <= vocab)) {
    throw new RangeError(`syntheticVectors: active range is [${minActive}, ${maxActive}], expected 1 <= min <= max <= vocab (${vocab})`);
  }
  const rand = mulberry32(spec.seed + seedOffset);
  // Cumulative popularity 1/rank^skew, sampled by binary search.
  const cdf = new Float64Array(vocab);
  let acc = 0;
  for (let j = 0; j < vocab; j++) cdf[j] = acc += 1 / Math.pow(j + 1, skew);
  const draw = () => {
    const x = rand() * acc;
    let lo = 0;
    let hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: SparseVector[] = [];
  const taken = new Uint8Array(vocab);
  for (let i = 0; i < n; i++) {
    const nnz = minActive + Math.floor(rand() * (maxActive - minActive + 1));
    const words: number[] = [];
    while (words.length < nnz) {
      const w = draw();
      if (!taken[w]) {
        taken[w] = 1;
        words.push(w);
      }
    }
    for (const w of words) taken[w] = 0;
    const values = Float32Array.from(words, () => 0.05 + rand());
    let ss = 0;
    for (const v of values) ss += v * v;
    const inv = 1 / Math.sqrt(ss);
    for (let k = 0; k < values.length; k++) values[k] *= inv;
    const order = selectTopK(values, values.length);
    out.push({ indices: Uint32Array.from(order, (k) => words[k]), values: Float32Array.from(order, (k) => values[k]) });
  }
  return out;
}
