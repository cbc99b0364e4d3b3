import { describe, expect, it } from 'vitest';
import { dragPath } from './bench-page';
import { buildFigures, figureRows, median, percentile, type HoverRun, type ImageRun } from './bench-stats';

describe('median and percentile', () => {
  it('takes the middle sample, or the mean of the two middle ones, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it('p95 by nearest rank is one of the samples', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, shuffled order
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile(Array.from({ length: 50 }, (_, i) => i + 1), 95)).toBe(48);
  });
  it('refuses empty input and a p outside [0, 100], saying what it expected', () => {
    expect(() => median([])).toThrow('median: no samples, expected at least one');
    expect(() => percentile([1], 101)).toThrow('percentile: p is 101, expected a number in [0, 100]');
  });
});

const image = (inference: number, fixed: number, format: 'png' | 'jpeg' = 'png') => ({
  read: 1, worker: { decode: 2, preprocess: 3, inference, postprocess: 0 }, transfer: 0, layout: fixed - 6, total: inference + fixed, format,
}) satisfies ImageRun & { format: string };
const hover = (total: number): HoverRun => ({ words: 1, layout: total - 1, total });

describe('buildFigures and figureRows', () => {
  const pass = (fixed: number[], hovers: number[]) => ({
    images: fixed.flatMap((f) => [image(50, f, 'png'), image(50, f + 10, 'jpeg')]),
    first: image(90, 200),
    hovers: hovers.map(hover),
    regions: [hover(12)],
  });

  it('pools the passes of a build: fixed cost = total - inference, per format; hovers by nearest rank', () => {
    const b = buildFigures([pass([20, 40], [5, 10]), pass([30], [15, 30])]);
    expect(b.images.png?.fixed).toEqual({ median: 30, p95: 40 });
    expect(b.images.jpeg?.fixed.median).toBe(40);
    expect(b.images.png?.medianMs.inference).toBe(50);
    expect(b.first).toEqual({ totals: [290, 290], fixedMedian: 200 });
    expect(b.hover).toMatchObject({ n: 4, median: 12.5, p95: 30, wordsMedian: 1 });
    expect(b.hover?.slowest.map((h) => h.n)).toEqual([4, 3, 2]);
    expect(b.region?.p95).toBe(12);
  });

  it('holds each figure against its target and the baseline: the ratio is this build over the baseline', () => {
    const mine = buildFigures([pass([20, 25], [8, 12, 14])]);
    const base = buildFigures([pass([40, 45], [18, 20, 30])]);
    const rows = figureRows(mine, base);
    const row = (label: string) => rows.find((r) => r.label === label);
    expect(row('image -> words, fixed cost, PNG, median')).toEqual({ label: 'image -> words, fixed cost, PNG, median', target: 30, value: 22.5, baseline: 42.5, ratio: 22.5 / 42.5, met: true });
    expect(row('image -> words, fixed cost, JPEG, median')).toMatchObject({ value: 32.5, met: false });
    expect(row('hover -> patch cloud painted, p95')).toMatchObject({ target: 16, value: 14, baseline: 30, met: true });
    expect(row('drag step -> region cloud painted, p95')).toMatchObject({ target: 16, value: 12, met: true });
    expect(row('image -> words, fixed cost, GIF, median')).toBeUndefined();
    expect(figureRows(mine, null).every((r) => r.baseline === null && r.ratio === null)).toBe(true);
  });
});

describe('dragPath', () => {
  it('steps away from the nearer edges, a row then a column, one new cell each time, inside the grid', () => {
    expect(dragPath(0, 8, 8, 4)).toEqual([8, 9, 17, 18]); // from the top-left corner: down, right, down, right
    expect(dragPath(63, 8, 8, 3)).toEqual([55, 54, 46]); // from the bottom-right corner: up, left, up
    expect(dragPath(0, 1, 3, 5)).toEqual([1, 2]); // one row: across until the edge, then stops
  });
});
