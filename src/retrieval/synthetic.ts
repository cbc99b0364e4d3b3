/**
 * Seeded synthetic lexical vectors with a model's sparsity, for benchmarks: each vector has
 * between minActive and maxActive words, drawn with Zipf-like word popularity (real lexical
 * vectors reuse common words far more than rare ones, which lengthens their posting lists),
 * positive values, L2-normalised, strongest first like sparsify's output.
 */
import type { SparseVector } from '../lexical/sparse';
import { mulberry32 } from '../util/prng';

export interface SyntheticSpec {
  vocab: number;
  minActive: number;
  maxActive: number;
  /** Zipf exponent of word popularity (0 = uniform). */
  skew: number;
  seed: number;
}

/*
 * Word popularity is Zipf with exponent 0.8 over the whole vocabulary, word index = rank. Checked
 * once against lexvla-tiny: with its eval images' document frequencies (`lexvla eval overuse
 * --json --top 20000`) and its gallery's caption vectors, a caption's words (5.3 on average) have
 * postings summing to 0.65 x the image count; a synthetic 5-15-word query at 0.8, to about
 * 1.05 x. Synthetic queries read at least as many postings per word as real ones.
 */
const ZIPF = { vocab: 19_545, skew: 0.8, seed: 1 };

/** Images of the shipped default model, lexvla-tiny: 29.9 active words on average (6..58) over 300 held-out 'test' images (`lexvla eval overuse`, scripts/report.mjs). */
export const TINY_SPARSITY: SyntheticSpec = { ...ZIPF, minActive: 10, maxActive: 50 };
/** Images of the paper's model: 1,081 active words on average (docs/method.md). */
export const PAPER_SPARSITY: SyntheticSpec = { ...ZIPF, minActive: 700, maxActive: 1_462 };
/** Text queries: 5-15 words (lexvla-tiny's gallery captions have 1-15, 5.3 on average). */
export const QUERY_SPARSITY: SyntheticSpec = { ...ZIPF, minActive: 5, maxActive: 15 };

export function syntheticVectors(n: number, spec: SyntheticSpec, seedOffset = 0): SparseVector[] {
  const { vocab, minActive, maxActive, skew } = spec;
  if (!(minActive >= 1 && maxActive >= minActive && maxActive <= vocab)) {
    throw new RangeError(`syntheticVectors: active range is [${minActive}, ${maxActive}], expected 1 <= min <= max <= vocab (${vocab})`);
  }
  const rand = mulberry32(spec.seed + seedOffset);
  const draw = zipfSampler(vocab, skew, rand);
  const out: SparseVector[] = [];
  const taken = new Uint8Array(vocab);
  for (let i = 0; i < n; i++) {
    const nnz = minActive + Math.floor(rand() * (maxActive - minActive + 1));
    const words = new Uint32Array(nnz);
    for (let m = 0; m < nnz; ) {
      const w = draw();
      if (!taken[w]) {
        taken[w] = 1;
        words[m++] = w;
      }
    }
    for (const w of words) taken[w] = 0;
    // Values are drawn apart from the words and sorted (a native sort, no comparator), then paired
    // with the words in a random order: the same as sorting (word, value) pairs by value, faster.
    const values = new Float32Array(nnz);
    let ss = 0;
    for (let m = 0; m < nnz; m++) {
      values[m] = 0.05 + rand();
      ss += values[m] * values[m];
    }
    values.sort().reverse();
    const inv = 1 / Math.sqrt(ss);
    for (let m = 0; m < nnz; m++) values[m] *= inv;
    for (let m = nnz - 1; m > 0; m--) {
      const j = Math.floor(rand() * (m + 1));
      const t = words[m];
      words[m] = words[j];
      words[j] = t;
    }
    out.push({ indices: words, values });
  }
  return out;
}

/**
 * Draws word ranks with probability proportional to 1/rank^skew: the inverse of the cumulative
 * popularity, found from a guide table (Chen and Asau) in O(1) expected steps, not a binary search.
 */
function zipfSampler(vocab: number, skew: number, rand: () => number): () => number {
  const cdf = new Float64Array(vocab);
  let acc = 0;
  for (let j = 0; j < vocab; j++) cdf[j] = acc += 1 / Math.pow(j + 1, skew);
  const guide = new Uint32Array(vocab); // guide[b]: the first word whose cdf reaches bucket b's lower edge
  for (let b = 0, w = 0; b < vocab; b++) {
    while (cdf[w] < (b * acc) / vocab) w++;
    guide[b] = w;
  }
  return () => {
    const x = rand() * acc;
    let w = guide[Math.min(vocab - 1, Math.floor((x / acc) * vocab))];
    while (w > 0 && cdf[w - 1] >= x) w--; // the bucket's rounding may start one word late
    while (cdf[w] < x) w++;
    return w;
  };
}
