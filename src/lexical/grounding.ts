/**
 * Lexical grounding: does an image's global word list name the objects in it, and by how much
 * more than a word list that never looked at the image? One implementation for the CLI
 * (`lexvla eval grounding`), the report and the default-model test. Pure: words in, shares out.
 *
 * A class is "named" by a word list when one of its name words is in the list. Every share comes
 * with two baselines a model must beat to show it reads the image:
 * - image-blind: one fixed list of K words given to every image. The best such list is a maximum
 *   coverage problem (NP-hard); we take the larger of (1) the greedy list, each next word the one
 *   that names the most not-yet-named units, ties to the alphabetically first word (greedy is a
 *   lower bound of the best fixed list, within a factor 1 - 1/e of it), and (2) the model's own
 *   prior: its K most frequent words over all images' top-K lists.
 * - shuffled: image i scored with the top words of image (i + 1) mod n: a model that ignores the
 *   image scores the same as its shuffled baseline.
 * The strict shares count only each class's most specific name word (strictWords), so that a
 * piece that many names share cannot name them all at once.
 */

export interface GroundingImage {
  id: string;
  /** The image's global words, strongest first; the first K are its top K. */
  top: readonly string[];
  /** Names of the classes present in the image; duplicates count once. */
  present: readonly string[];
}

export interface GroundingInput {
  images: readonly GroundingImage[];
  /** Every class name of the set -> its name words (see nameWords). Strict words are chosen among these classes. */
  classWords: ReadonlyMap<string, readonly string[]>;
}

/** One share (named / of) of the model and its baselines, each in [0, 1]. */
export interface GroundingShare {
  named: number;
  of: number;
  model: number;
  /** Image i scored with image (i + 1) mod n's top K words. */
  shuffled: number;
  /** The greedy fixed list for this share (a lower bound of the best fixed list of K words). */
  fixedGreedy: number;
  fixedGreedyWords: string[];
  /** The model's own K most frequent words (GroundingAtK.priorWords), given to every image. */
  fixedPrior: number;
  /** max(fixedGreedy, fixedPrior). */
  imageBlind: number;
  /** max(imageBlind, shuffled): what the model has to beat. */
  baseline: number;
}

export interface GroundingAtK {
  k: number;
  /** Mean length of the images' top-K lists (shorter than K where fewer words pass the sparsity rule). */
  meanListLength: number;
  /** The model's K most frequent words over all images' top-K lists (count, then alphabetical). */
  priorWords: string[];
  /** Share of (image, present class) pairs whose class is named by the image's list. */
  pairs: GroundingShare;
  /** Share of images with at least one present class named. */
  images: GroundingShare;
  /** As `pairs`, counting only each class's strict word (strictWord). */
  strictPairs: GroundingShare;
  /** As `images`, counting only each class's strict word. */
  strictImages: GroundingShare;
}

export interface GroundingResult {
  /** Images with at least one present class; the others cannot be named and are left out. */
  images: number;
  imagesWithoutClasses: number;
  pairs: number;
  classes: number;
  /** Each class's strict word (null: the name has no word in the vocabulary). */
  strictWords: Record<string, string | null>;
  /** Classes with no name word: their pairs count, and can never be named. */
  wordlessClasses: string[];
  atK: GroundingAtK[];
}

const alphabetical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A class name's words as the app's text lookup gives them (TextModel.lookup(name).used: the
 * bundle's tokenizer, kept where the token is a vocabulary word), one-character pieces left out:
 * "s" or "t" is in the names of dozens of classes and would let one word "name" all of them.
 */
export function nameWords(used: readonly string[]): string[] {
  return [...new Set(used.filter((w) => w.length > 1))];
}

/**
 * Each class's most specific name word: the one the fewest class names contain, ties to the
 * longest word, then the alphabetically first (code-unit order). "fire truck" -> "truck" when
 * more names contain "fire"; null for a name with no words.
 */
export function strictWords(classWords: ReadonlyMap<string, readonly string[]>): Map<string, string | null> {
  const df = new Map<string, number>();
  for (const ws of classWords.values()) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  const pick = (ws: readonly string[]) => [...ws].sort((a, b) => df.get(a)! - df.get(b)! || b.length - a.length || alphabetical(a, b))[0] ?? null;
  return new Map([...classWords].map(([c, ws]) => [c, pick(ws)]));
}

/**
 * The class names present in an eval-set item, from its boxes. Box classes are 1-based like the
 * masks (docs/eval-set-format.md: 0 = background, k = classes[k-1]).
 */
export function presentClasses(
  classes: readonly string[],
  item: { id: string; boxes?: ReadonlyArray<{ class: number }> },
  itemIndex: number,
  where: string,
): string[] {
  const names = (item.boxes ?? []).map((b, j) => {
    if (!Number.isInteger(b.class) || b.class < 1 || b.class > classes.length) {
      throw new Error(`${where}: items[${itemIndex}] (id "${item.id}") boxes[${j}].class is ${JSON.stringify(b.class)}, expected an integer in 1..${classes.length} (1-based: k names classes[k-1], 0 is background)`);
    }
    return classes[b.class - 1];
  });
  return [...new Set(names)];
}

/** The present classes that `list` names (any name word, or only the strict word). */
export function namedClasses(list: ReadonlySet<string>, present: readonly string[], words: ReadonlyMap<string, readonly string[]>): string[] {
  return present.filter((c) => (words.get(c) ?? []).some((w) => list.has(w)));
}

/** Something that is named when its image's list holds one of `words`: a pair (image, class) or an image. */
interface Unit {
  image: number;
  words: ReadonlySet<string>;
}

/** The model's K most frequent words over the images' top-K lists (count desc, then alphabetical). */
function priorList(tops: ReadonlyArray<readonly string[]>, k: number): string[] {
  const count = new Map<string, number>();
  for (const t of tops) for (const w of new Set(t)) count.set(w, (count.get(w) ?? 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || alphabetical(a, b)).slice(0, k);
}

function countNamed(units: readonly Unit[], list: (image: number) => ReadonlySet<string>): number {
  let n = 0;
  for (const u of units) {
    const l = list(u.image);
    for (const w of u.words) {
      if (l.has(w)) {
        n++;
        break;
      }
    }
  }
  return n;
}

/**
 * Greedy maximum coverage: K words, each the one naming the most units not yet named (ties: the
 * alphabetically first). Stops early when no word names anything new: more words cannot raise the share.
 */
function greedyList(units: readonly Unit[], k: number): string[] {
  const byWord = new Map<string, number[]>();
  units.forEach((u, i) => {
    for (const w of u.words) {
      const list = byWord.get(w);
      if (list) list.push(i);
      else byWord.set(w, [i]);
    }
  });
  const candidates = [...byWord.keys()].sort(alphabetical);
  const named = new Uint8Array(units.length);
  const chosen: string[] = [];
  while (chosen.length < k) {
    let best: string | null = null;
    let bestGain = 0;
    for (const w of candidates) {
      let gain = 0;
      for (const i of byWord.get(w)!) gain += 1 - named[i];
      if (gain > bestGain) [best, bestGain] = [w, gain];
    }
    if (best === null) break;
    chosen.push(best);
    for (const i of byWord.get(best)!) named[i] = 1;
  }
  return chosen;
}

function share(units: readonly Unit[], tops: ReadonlyArray<ReadonlySet<string>>, prior: ReadonlySet<string>, k: number): GroundingShare {
  const of = units.length;
  const frac = (x: number) => (of === 0 ? 0 : x / of);
  const named = countNamed(units, (i) => tops[i]);
  const shuffled = frac(countNamed(units, (i) => tops[(i + 1) % tops.length]));
  const fixedGreedyWords = greedyList(units, k);
  const greedySet = new Set(fixedGreedyWords);
  const fixedGreedy = frac(countNamed(units, () => greedySet));
  const fixedPrior = frac(countNamed(units, () => prior));
  const imageBlind = Math.max(fixedGreedy, fixedPrior);
  return { named, of, model: frac(named), shuffled, fixedGreedy, fixedGreedyWords, fixedPrior, imageBlind, baseline: Math.max(imageBlind, shuffled) };
}

/** Pairs (image, present class) and images, each with the words that would name it. */
function unitsOf(present: ReadonlyArray<readonly string[]>, words: ReadonlyMap<string, readonly string[]>): { pairs: Unit[]; images: Unit[] } {
  const pairs = present.flatMap((p, image) => p.map((c) => ({ image, words: new Set(words.get(c)) })));
  const images = present.map((p, image) => ({ image, words: new Set(p.flatMap((c) => words.get(c) ?? [])) }));
  return { pairs, images };
}

/** The grounding shares and their baselines for each K in `ks`. */
export function groundingReport(input: GroundingInput, ks: readonly number[]): GroundingResult {
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`groundingReport: K is ${k}, expected a positive integer`);
  }
  for (const img of input.images) {
    const missing = img.present.find((c) => !input.classWords.has(c));
    if (missing !== undefined) throw new Error(`groundingReport: image "${img.id}" has present class "${missing}", which is not in classWords (expected every class name of the set as a key)`);
  }
  const kept = input.images.filter((img) => img.present.length > 0);
  const present = kept.map((img) => [...new Set(img.present)]);
  const strict = strictWords(input.classWords);
  const any = unitsOf(present, input.classWords);
  const onlyStrict = unitsOf(present, new Map([...strict].map(([c, w]) => [c, w === null ? [] : [w]])));
  const atK = ks.map((k): GroundingAtK => {
    const lists = kept.map((img) => img.top.slice(0, k));
    const tops = lists.map((t) => new Set(t));
    const priorWords = priorList(lists, k);
    const prior = new Set(priorWords);
    const s = (units: Unit[]) => share(units, tops, prior, k);
    return {
      k,
      meanListLength: lists.length === 0 ? 0 : lists.reduce((n, t) => n + t.length, 0) / lists.length,
      priorWords,
      pairs: s(any.pairs),
      images: s(any.images),
      strictPairs: s(onlyStrict.pairs),
      strictImages: s(onlyStrict.images),
    };
  });
  return {
    images: kept.length,
    imagesWithoutClasses: input.images.length - kept.length,
    pairs: any.pairs.length,
    classes: input.classWords.size,
    strictWords: Object.fromEntries(strict),
    wordlessClasses: [...input.classWords].filter(([, ws]) => ws.length === 0).map(([c]) => c),
    atK,
  };
}
