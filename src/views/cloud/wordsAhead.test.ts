import { describe, expect, it } from 'vitest';
import { fakeCanvasFactory } from './fakeCanvas';
import { cachedLayout, type LayoutOptions } from './layout';
import { toCloudWords } from './useCloudLayout';
import type { WordList } from '../../lexical/word-list';
import { asksEarly, EARLY_MIN_SCORES, layoutInIdle, regionsNearestFirst } from './wordsAhead';

const opts = (seed: number): LayoutOptions => ({ width: 300, height: 160, seed, fontFamily: 'sans-serif', maxPx: 30, minPx: 9, canvas: fakeCanvasFactory });
/** Distinct lists (distinct values): each is its own cache entry. */
const lists: WordList[] = Array.from({ length: 5 }, (_, k) => ({
  indices: [0, 1, 2, 3],
  words: ['sky', 'tree', 'dog', 'car'],
  values: [0, 1, 2, 3].map((i) => 1 / (1 + i + k / 10)),
  activeCount: 4,
}));
const idle = () => new Promise((r) => setTimeout(r, 30));
/** Whether a view asking for this layout now finds it in the cache (and what it holds). */
const inCache = (list: WordList, o: LayoutOptions) => {
  const job = cachedLayout(toCloudWords(list), o);
  if ('hit' in job) return job.hit.map((p) => p.text).sort();
  job.cancel();
  return null;
};

describe('layoutInIdle', () => {
  it('lays every list out into the cache, so that a render then finds it there, leaving no measure', async () => {
    const measures = performance.getEntriesByName('lexvla:cloud-layout').length;
    layoutInIdle(lists, opts(3));
    await idle();
    for (const list of lists) expect(inCache(list, opts(3))).toEqual(['car', 'dog', 'sky', 'tree']);
    expect(performance.getEntriesByName('lexvla:cloud-layout').length).toBe(measures);
  });

  it('lays nothing out once cancelled', async () => {
    layoutInIdle(lists, opts(4))();
    await idle();
    for (const list of lists) expect(inCache(list, opts(4))).toBeNull();
  });
});

describe('asksEarly', () => {
  it('asks before the paint for a paper-sized model, after it for lexvla-tiny, never without a vocabulary', () => {
    expect(asksEarly([16, 16], 19_545)).toBe(true);
    expect(asksEarly([8, 8], 19_545)).toBe(false);
    expect(asksEarly([1, 1], EARLY_MIN_SCORES)).toBe(true);
    expect(asksEarly([1, 1], EARLY_MIN_SCORES - 1)).toBe(false);
    expect(asksEarly([16, 16], null)).toBe(false);
    expect(asksEarly(undefined, 19_545)).toBe(false);
  });
});

describe('regionsNearestFirst', () => {
  const named = (p: number): WordList => ({ indices: [p], words: [`r${p}`], values: [1], activeCount: 1 });
  it("orders a drag's region lists by how far their far corner is from the anchor, and skips the holes of a first part", () => {
    const lists: WordList[] = [];
    for (const p of [0, 2, 5, 6, 9, 15]) lists[p] = named(p); // a 4 x 4 grid, anchor 5 = (1, 1)
    expect(regionsNearestFirst({ anchor: 5, lists }, 4).map((l) => l.words[0])).toEqual(['r5', 'r0', 'r2', 'r6', 'r9', 'r15']);
    expect(regionsNearestFirst(null, 4)).toEqual([]);
  });
});
