import { describe, expect, it } from 'vitest';
import { median, percentile, summarize, type ImageRun } from './bench-stats';

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

describe('summarize', () => {
  const run = (inference: number, rest: number): ImageRun => ({
    read: 1, worker: { decode: rest - 1, preprocess: 0, inference, postprocess: 0 }, transfer: 0, layout: 0, total: inference + rest,
  });
  it('overhead ratio is (total - inference) / inference, median over runs, against the 25% target', () => {
    const h = (total: number) => ({ words: total / 2, layout: total / 2, total });
    const s = summarize([run(100, 20), run(100, 30), run(100, 10)], [h(10), h(20), h(60)]);
    expect(s.overheadRatio).toBeCloseTo(0.2);
    expect(s.medianMs.inference).toBe(100);
    expect(s.medianMs.total).toBe(120);
    expect(s.targets.overheadMet).toBe(true);
    expect(s.hoverMs).toEqual({ median: 20, p95: 60, wordsMedian: 10, layoutMedian: 10, placeMedian: null });
    expect(s.placeMedianMs).toBeNull();
    expect(s.targets.hoverMet).toBe(false);
    expect(summarize([run(100, 26)], [h(50)]).targets).toEqual({ overheadMet: false, hoverMet: true });
  });
  it('reports the placing time within layout when every run measured it', () => {
    const placed = (place: number): ImageRun => ({ ...run(100, 20), place });
    const s = summarize([placed(3), placed(5), placed(4)], [{ words: 1, layout: 9, place: 2, total: 10 }]);
    expect(s.placeMedianMs).toBe(4);
    expect(s.hoverMs.placeMedian).toBe(2);
  });
});
