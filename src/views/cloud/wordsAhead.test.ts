import { describe, expect, it } from 'vitest';
import { fakeCanvasFactory } from './fakeCanvas';
import { cachedLayoutNow, type CloudWord, type LayoutOptions } from './layout';
import { layoutInIdle } from './wordsAhead';

const opts = (seed: number): LayoutOptions => ({ width: 300, height: 160, seed, fontFamily: 'sans-serif', maxPx: 30, minPx: 9, canvas: fakeCanvasFactory });
/** Distinct lists (distinct values): each is its own cache entry. */
const lists: CloudWord[][] = Array.from({ length: 5 }, (_, k) =>
  ['sky', 'tree', 'dog', 'car'].map((text, i) => ({ index: i, text, value: 1 / (1 + i + k / 10) })),
);
const idle = () => new Promise((r) => setTimeout(r, 30));
/** Layouts computed so far (each one leaves a performance measure; a cache hit leaves none). */
const computed = () => performance.getEntriesByName('lexvla:cloud-layout').length;

describe('layoutInIdle', () => {
  it('lays every list out into the cache, so that a render then finds it there', async () => {
    const before = computed();
    layoutInIdle(lists, opts(3));
    await idle();
    expect(computed() - before).toBe(lists.length);
    for (const words of lists) expect(cachedLayoutNow(words, opts(3)).map((p) => p.text).sort()).toEqual(['car', 'dog', 'sky', 'tree']);
    expect(computed() - before).toBe(lists.length);
  });

  it('lays nothing out once cancelled', async () => {
    const before = computed();
    layoutInIdle(lists, opts(4))();
    await idle();
    expect(computed()).toBe(before);
  });
});
