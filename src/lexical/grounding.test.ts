import { describe, expect, it } from 'vitest';
import { groundingReport, nameWords, namedClasses, presentClasses, strictWords, type GroundingImage } from './grounding';

describe('nameWords', () => {
  it('keeps the lookup words of two or more characters, once each, in order', () => {
    expect(nameWords(['fire', 't', 'r', 'uck', 'fire'])).toEqual(['fire', 'uck']);
  });
});

describe('strictWords', () => {
  it('takes the word the fewest class names contain, then the longest, then the alphabetically first', () => {
    const words = new Map<string, string[]>([
      ['fire truck', ['fire', 'tr', 'uck']], // every word in 2 names: the longest, "fire"
      ['fire engine', ['fire', 'engine']], // "engine" is in 1 name
      ['pickup truck', ['pick', 'up', 'tr', 'uck']], // "pick" and "up" in 1 name each: the longer
      ['ab cd', ['cd', 'ab']], // 1 name each, same length: alphabetical
      ['zzz', []],
    ]);
    expect(Object.fromEntries(strictWords(words))).toEqual({
      'fire truck': 'fire',
      'fire engine': 'engine',
      'pickup truck': 'pick',
      'ab cd': 'ab',
      zzz: null,
    });
  });
});

describe('presentClasses', () => {
  const classes = ['cat', 'dog', 'bird'];

  it('reads box classes as 1-based: 1 is classes[0], C is the last class', () => {
    expect(presentClasses(classes, { id: 'a', boxes: [{ class: 1 }, { class: 3 }, { class: 1 }] }, 0, 'set')).toEqual(['cat', 'bird']);
    expect(presentClasses(classes, { id: 'b' }, 1, 'set')).toEqual([]);
  });

  it('names the set, the item and the value of a class out of range', () => {
    expect(() => presentClasses(classes, { id: '0007', boxes: [{ class: 2 }, { class: 4 }] }, 7, 'out/evalset-test/evalset.json')).toThrow(
      'out/evalset-test/evalset.json: items[7] (id "0007") boxes[1].class is 4, expected an integer in 1..3 (1-based: k names classes[k-1], 0 is background)',
    );
    expect(() => presentClasses(classes, { id: 'x', boxes: [{ class: 0 }] }, 0, 'set')).toThrow('boxes[0].class is 0, expected an integer in 1..3');
  });
});

describe('namedClasses', () => {
  it('names a present class when any of its words is in the list', () => {
    const words = new Map([['fire truck', ['fire', 'uck']], ['cat', ['cat']]]);
    expect(namedClasses(new Set(['uck', 'dog']), ['fire truck', 'cat'], words)).toEqual(['fire truck']);
  });
});

/**
 * Five images, five classes. D and E share the word "x", so one fixed word names four of the
 * seven (image, class) pairs; the model names three, and nothing when shuffled.
 */
const classWords = new Map<string, string[]>([
  ['A', ['a']],
  ['B', ['b']],
  ['C', ['c']],
  ['D', ['d', 'x']],
  ['E', ['e', 'x']],
]);
const images: GroundingImage[] = [
  { id: '0', top: ['a', 'q'], present: ['A', 'D'] },
  { id: '1', top: ['e', 'z'], present: ['A', 'E', 'A'] },
  { id: '2', top: ['q', 'z'], present: ['B'] },
  { id: '3', top: ['d', 'q'], present: ['D'] },
  { id: '4', top: ['q', 'z'], present: ['E'] },
  { id: 'empty', top: ['a'], present: [] },
];

describe('groundingReport on a hand-made set', () => {
  const r = groundingReport({ images, classWords }, [1, 2]);

  it('counts pairs and images, leaving out images with no class', () => {
    expect([r.images, r.imagesWithoutClasses, r.pairs, r.classes]).toEqual([5, 1, 7, 5]);
    expect(r.wordlessClasses).toEqual([]);
    expect(r.strictWords).toEqual({ A: 'a', B: 'b', C: 'c', D: 'd', E: 'e' });
  });

  it('the model: pairs named and images with a class named', () => {
    const k2 = r.atK[1];
    expect(k2.k).toBe(2);
    expect(k2.meanListLength).toBe(2);
    expect([k2.pairs.named, k2.pairs.of, k2.pairs.model]).toEqual([3, 7, 3 / 7]); // 0:A, 1:E, 3:D
    expect([k2.images.named, k2.images.of, k2.images.model]).toEqual([3, 5, 3 / 5]);
    expect(k2.strictPairs.model).toBe(3 / 7);
  });

  it('the greedy fixed list: the word naming the most, then the most of the rest, ties alphabetical', () => {
    const [k1, k2] = r.atK;
    expect(k1.pairs.fixedGreedyWords).toEqual(['x']);
    expect(k1.pairs.fixedGreedy).toBe(4 / 7);
    expect(k2.pairs.fixedGreedyWords).toEqual(['x', 'a']);
    expect(k2.pairs.fixedGreedy).toBe(6 / 7);
    // Images: "x" names images 0, 1, 3, 4; then "b" the last one.
    expect(k2.images.fixedGreedyWords).toEqual(['x', 'b']);
    expect(k2.images.fixedGreedy).toBe(1);
    // Strict words only: a, d and e name two pairs each; the alphabetical tie-break takes a, then d.
    expect(k2.strictPairs.fixedGreedyWords).toEqual(['a', 'd']);
    expect(k2.strictPairs.fixedGreedy).toBe(4 / 7);
  });

  it("the model's prior (its most frequent words) and the shuffled lists name nothing here", () => {
    const k2 = r.atK[1];
    expect(k2.priorWords).toEqual(['q', 'z']);
    expect(k2.pairs.fixedPrior).toBe(0);
    expect(k2.pairs.shuffled).toBe(0);
    expect(k2.pairs.imageBlind).toBe(6 / 7);
    expect(k2.pairs.baseline).toBe(6 / 7);
  });

  it('stops the greedy list early once every unit is named', () => {
    expect(groundingReport({ images, classWords }, [5]).atK[0].images.fixedGreedyWords).toEqual(['x', 'b']);
  });
});

describe('groundingReport baselines', () => {
  it('a model that ignores the image scores exactly its shuffled baseline and its own prior', () => {
    const blind = images.map((img) => ({ ...img, top: ['x', 'a', 'q'] }));
    const r = groundingReport({ images: blind, classWords }, [1, 3]);
    for (const at of r.atK) {
      for (const s of [at.pairs, at.images, at.strictPairs, at.strictImages]) {
        expect(s.shuffled).toBe(s.model);
        expect(s.fixedPrior).toBe(s.model);
        expect(s.baseline).toBeGreaterThanOrEqual(s.model);
      }
    }
    expect(r.atK[1].pairs.model).toBe(6 / 7);
  });

  it('shuffles by giving image i the list of image (i + 1) mod n', () => {
    // Each image's list names the previous image's class: the model names nothing, the shuffled lists everything.
    const ring = ['A', 'B', 'C'].map((c, i, all) => ({ id: c, top: [all[(i + 2) % 3].toLowerCase()], present: [c] }));
    const at = groundingReport({ images: ring, classWords }, [1]).atK[0];
    expect([at.pairs.model, at.pairs.shuffled]).toEqual([0, 1]);
  });

  it('names a bad K and a present class missing from classWords', () => {
    expect(() => groundingReport({ images, classWords }, [0])).toThrow('groundingReport: K is 0, expected a positive integer');
    expect(() => groundingReport({ images: [{ id: '9', top: [], present: ['F'] }], classWords }, [1])).toThrow(
      'groundingReport: image "9" has present class "F", which is not in classWords (expected every class name of the set as a key)',
    );
  });
});
