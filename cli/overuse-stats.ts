/**
 * The overuse-vs-FLOPs measurement (docs/method.md, "Training"): how much of an
 * image's lexical activation sits on words that nothing in the evaluation set talks about, and
 * which words are switched on for (nearly) every image. Pure: the command (eval-overuse.ts)
 * feeds it the engine's global vectors.
 *
 * "Grounded" words: the vocabulary entries whose tokenizer id occurs in the tokenisation of some
 * caption or class name of the set. Everything else is "ungrounded": no text of the set could
 * ever ask for it, so mass there is mass a FLOPs-style penalty leaves on filler words.
 */
import { sparsify, type SparsifyRule } from '../src/lexical/sparse';

/**
 * uint8 [V]: grounded[j] = 1 when vocabulary word j's token id occurs in `tokenised`.
 * @param tokenised token ids of every caption and class name (no special tokens)
 * @param tokenIds int32 [V]: the tokenizer id of each vocabulary word (vocab.json tokenIds)
 */
export function groundedMask(tokenised: Iterable<ArrayLike<number>>, tokenIds: ArrayLike<number>): Uint8Array {
  const seen = new Set<number>();
  for (const ids of tokenised) for (let i = 0; i < ids.length; i++) seen.add(ids[i]);
  const mask = new Uint8Array(tokenIds.length); // uint8 [V]
  // Every word with a seen id counts: several display words may share one token.
  for (let j = 0; j < tokenIds.length; j++) if (seen.has(tokenIds[j])) mask[j] = 1;
  return mask;
}

export interface OveruseWord {
  word: string;
  index: number;
  grounded: boolean;
  /** Mean sparsified value over all images (0 where the word is not active). */
  mean: number;
  /** Share of images on which the word is active. */
  df: number;
}

export interface OveruseResult {
  images: number;
  rule: SparsifyRule;
  groundedWords: number;
  /** 1 - groundedWords / V: the ungrounded share a model blind to words would give. */
  chanceUngroundedShare: number;
  /** Mean number of active words per image (global vector under `rule`), and its range. */
  activeWords: number;
  activeWordsMin: number;
  activeWordsMax: number;
  activeUngrounded: number;
  /** Ungrounded share of the summed active values, pooled over images. */
  ungroundedShare: number;
  /** The same share over the whole L2-normalised vector (every word, active or not). */
  ungroundedShareDense: number;
  topByMean: OveruseWord[];
  topByDf: OveruseWord[];
  /** The function words a caption is full of ("the", "of", "a"): how often each is active. */
  functionWords: OveruseWord[];
}

/** Words that carry no meaning of their own: a model that fires them has learned a caption habit. */
export const FUNCTION_WORDS = ['the', 'of', 'a'] as const;

export class OveruseAccumulator {
  private readonly sum: Float64Array; // float64 [V]: summed sparsified values
  private readonly count: Uint32Array; // uint32 [V]: images on which the word is active
  private images = 0;
  private active = 0;
  private activeMin = Infinity;
  private activeMax = 0;
  private activeUngrounded = 0;
  private mass = 0;
  private massUngrounded = 0;
  private dense = 0;
  private denseUngrounded = 0;

  constructor(private readonly grounded: Uint8Array, private readonly rule: SparsifyRule) {
    this.sum = new Float64Array(grounded.length);
    this.count = new Uint32Array(grounded.length);
  }

  /** @param v float32 [V]: one image's L2-normalised global vector */
  add(v: Float32Array): void {
    if (v.length !== this.grounded.length) {
      throw new RangeError(`OveruseAccumulator.add: vector has ${v.length} values, expected the vocabulary size ${this.grounded.length}`);
    }
    const s = sparsify(v, this.rule);
    for (let i = 0; i < s.indices.length; i++) {
      const j = s.indices[i];
      const x = s.values[i];
      this.sum[j] += x;
      this.count[j]++;
      this.mass += x;
      if (!this.grounded[j]) {
        this.massUngrounded += x;
        this.activeUngrounded++;
      }
    }
    for (let j = 0; j < v.length; j++) {
      this.dense += v[j];
      if (!this.grounded[j]) this.denseUngrounded += v[j];
    }
    this.active += s.indices.length;
    this.activeMin = Math.min(this.activeMin, s.indices.length);
    this.activeMax = Math.max(this.activeMax, s.indices.length);
    this.images++;
  }

  result(words: readonly string[], top: number): OveruseResult {
    const n = Math.max(1, this.images);
    const entry = (j: number): OveruseWord => ({
      word: words[j] ?? `#${j}`, index: j, grounded: this.grounded[j] === 1, mean: this.sum[j] / n, df: this.count[j] / n,
    });
    const used = [...this.count.keys()].filter((j) => this.count[j] > 0);
    // Ties broken by the lower index so the tables are deterministic.
    const by = (key: (j: number) => number) => [...used].sort((a, b) => key(b) - key(a) || a - b).slice(0, top).map(entry);
    let groundedWords = 0;
    for (const g of this.grounded) groundedWords += g;
    return {
      images: this.images,
      rule: { ...this.rule },
      groundedWords,
      chanceUngroundedShare: 1 - groundedWords / this.grounded.length,
      activeWords: this.active / n,
      activeWordsMin: this.images > 0 ? this.activeMin : 0,
      activeWordsMax: this.activeMax,
      activeUngrounded: this.activeUngrounded / n,
      ungroundedShare: this.mass > 0 ? this.massUngrounded / this.mass : 0,
      ungroundedShareDense: this.dense > 0 ? this.denseUngrounded / this.dense : 0,
      topByMean: by((j) => this.sum[j]),
      topByDf: by((j) => this.count[j] + this.sum[j] / (n + 1)), // df first, mean breaks ties
      functionWords: FUNCTION_WORDS.flatMap((w) => {
        const j = words.indexOf(w);
        return j < 0 ? [] : [entry(j)];
      }),
    };
  }
}
