import { lab } from 'd3';
import { describe, expect, it } from 'vitest';
import { heatmapScale, legendTicks } from './colorScale';

describe('heatmap colour scale', () => {
  it("maps the word's lowest score to black, the middle to red, the highest to pale yellow (inferno)", () => {
    const s = heatmapScale({ min: 0.1, max: 0.9 });
    expect([s(0.1), s(0.5), s(0.9)]).toEqual(['#000004', '#bc3754', '#fcffa4']);
  });

  it('gets lighter all the way up, so a stronger patch always reads as brighter', () => {
    const s = heatmapScale({ min: -2, max: 3 });
    const lightness = Array.from({ length: 101 }, (_, i) => lab(s(-2 + (5 * i) / 100)).l);
    lightness.slice(1).forEach((l, i) => expect(l, `step ${i + 1}`).toBeGreaterThan(lightness[i]));
    expect(lightness[0]).toBeLessThan(1);
    expect(lightness[100]).toBeGreaterThan(95);
  });

  it('paints a constant map as "nothing here", without dividing by zero', () => {
    expect(heatmapScale({ min: 0.3, max: 0.3 })(0.3)).toBe('#000004');
    expect(legendTicks({ min: 0.3, max: 0.3 })).toEqual([0.3]);
  });

  it('always shows both ends and drops round ticks crowding them', () => {
    expect(legendTicks({ min: 0.0105, max: 1.0001 })).toEqual([0.0105, 0.2, 0.4, 0.6, 0.8, 1.0001]);
    expect(legendTicks({ min: 0, max: 1 })).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
