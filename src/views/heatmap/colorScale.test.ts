import { describe, expect, it } from 'vitest';
import { heatmapScale, legendTicks } from './colorScale';

describe('heatmap colour scale', () => {
  it('maps the ends of the domain to the ends of the ramp', () => {
    const s = heatmapScale({ min: 0.1, max: 0.9 });
    expect(s(0.1)).toBe(heatmapScale({ min: 0, max: 1 })(0));
    expect(s(0.9)).toBe(heatmapScale({ min: 0, max: 1 })(1));
    expect(s(0.5)).not.toBe(s(0.1));
  });
  it('survives a constant map', () => {
    expect(typeof heatmapScale({ min: 0.3, max: 0.3 })(0.3)).toBe('string');
    expect(legendTicks({ min: 0.3, max: 0.3 })).toEqual([0.3]);
  });
  it('always shows both ends and drops round ticks crowding them', () => {
    expect(legendTicks({ min: 0.0105, max: 1.0001 })).toEqual([0.0105, 0.2, 0.4, 0.6, 0.8, 1.0001]);
    expect(legendTicks({ min: 0, max: 1 })).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
