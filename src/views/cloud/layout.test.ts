import { describe, expect, it } from 'vitest';
import { fakeCanvasFactory } from './fakeCanvas';
import { fontScale } from './fontScale';
import { layoutCloud, layoutCloudNow, type CloudWord, type LayoutOptions, type PlacedWord } from './layout';
import { mulberry32 } from '../../util/prng';

const words: CloudWord[] = [
  'red', 'circle', 'ball', 'sky', 'blue', 'green', 'grass', 'tree', 'sun', 'yellow',
  'dog', 'cat', 'house', 'car', 'road', 'water', 'boat', 'cloud', 'flower', 'bird',
].map((text, i) => ({ index: i * 7, text, value: 0.5 / (1 + i) }));

const opts: LayoutOptions = {
  width: 320,
  height: 200,
  seed: 42,
  fontFamily: 'sans-serif',
  maxPx: 40,
  minPx: 9,
  canvas: fakeCanvasFactory,
};

/** The ink box the fake canvas implies (no padding): what must not overlap. */
function boxOf(p: PlacedWord) {
  const w = p.text.length * 0.6 * p.size;
  return { x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y - 0.8 * p.size, y1: p.y + 0.2 * p.size };
}

/** Many words of similar size: more than the box holds, so some find no room. */
const crowd: CloudWord[] = Array.from({ length: 120 }, (_, i) => ({ index: i, text: `word${i.toString(36)}`, value: 1 / (1 + i / 3) }));

describe('layoutCloud (seeded spiral placement with a fake measuring canvas)', () => {
  it('gives identical positions for identical input', async () => {
    const a = await layoutCloud(words, opts).done;
    const b = await layoutCloud(words, opts).done;
    expect(a.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it('gives different positions for a different seed', async () => {
    const a = await layoutCloud(words, opts).done;
    const b = await layoutCloud(words, { ...opts, seed: 7 }).done;
    expect(b.map((p) => [p.x, p.y])).not.toEqual(a.map((p) => [p.x, p.y]));
  });

  it('places words without overlap, inside the box, strongest word largest', async () => {
    const placed = await layoutCloud(words, opts).done;
    const boxes = placed.map(boxOf);
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i];
      expect(b.x0).toBeGreaterThanOrEqual(-opts.width / 2);
      expect(b.x1).toBeLessThanOrEqual(opts.width / 2);
      expect(b.y0).toBeGreaterThanOrEqual(-opts.height / 2);
      expect(b.y1).toBeLessThanOrEqual(opts.height / 2);
      for (let j = i + 1; j < boxes.length; j++) {
        const c = boxes[j];
        const overlap = b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1;
        expect(overlap, `${placed[i].text} overlaps ${placed[j].text}`).toBe(false);
      }
    }
    const red = placed.find((p) => p.text === 'red');
    expect(red?.size).toBe(40);
    expect(Math.max(...placed.map((p) => p.size))).toBe(40);
    // This list fits: every word is placed.
    expect(placed.map((p) => p.text).sort()).toEqual(words.map((w) => w.text).sort());
  });

  it('drops the words that find no room, still without overlap, and is the same when sliced', async () => {
    const whole = await layoutCloud(crowd, { ...opts, timeInterval: Infinity }).done;
    expect(whole.length).toBeGreaterThan(20);
    expect(whole.length).toBeLessThan(crowd.length);
    const boxes = whole.map(boxOf);
    boxes.forEach((b, i) =>
      boxes.slice(i + 1).forEach((c, j) => expect(b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1, `${i} / ${i + 1 + j}`).toBe(false)),
    );
    // Yielding to the page between words changes when, not where.
    expect(await layoutCloud(crowd, { ...opts, timeInterval: 0 }).done).toEqual(whole);
    expect(layoutCloudNow(crowd, opts)).toEqual(whole);
  });

  it('a cancelled layout never resolves', async () => {
    const job = layoutCloud(crowd, { ...opts, timeInterval: 0 });
    job.cancel();
    const settled = await Promise.race([job.done.then(() => 'done'), new Promise((r) => setTimeout(() => r('pending'), 50))]);
    expect(settled).toBe('pending');
  });
});

describe('fontScale', () => {
  it('is proportional to the value, strongest word at maxPx, floored at minPx', () => {
    const s = fontScale([0.4, 0.2, 0.01], { maxPx: 40, minPx: 9 });
    expect(s(0.4)).toBe(40);
    expect(s(0.2)).toBe(20);
    expect(s(0.1)).toBe(10);
    expect(s(0.01)).toBe(9);
  });
  it('gives minPx for an all-zero list instead of dividing by zero', () => {
    expect(fontScale([0, 0], { maxPx: 40, minPx: 9 })(0)).toBe(9);
  });
});

describe('mulberry32', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(100);
  });
});
