import { describe, expect, it } from 'vitest';
import { fakeCanvasFactory } from './fakeCanvas';
import { TextMeasurer } from './measure';

describe('TextMeasurer', () => {
  it('scales one measurement to every size, and measures each word once', () => {
    let calls = 0;
    const canvas = () => {
      const c = fakeCanvasFactory();
      const ctx = c.getContext('2d');
      const measure = ctx.measureText.bind(ctx);
      ctx.measureText = (t: string) => {
        calls++;
        return measure(t);
      };
      return c;
    };
    const m = new TextMeasurer(600, 'sans-serif', canvas);
    expect(m.measure('word', 10)).toEqual({ width: 24, ascent: 8, descent: 2 });
    expect(m.measure('word', 40)).toEqual({ width: 96, ascent: 32, descent: 8 });
    expect(calls).toBe(1);
  });

  it('uses the ink bounds a real canvas reports', () => {
    const ctx = { font: '', measureText: () => ({ width: 250, actualBoundingBoxAscent: 70, actualBoundingBoxDescent: 0 }) };
    const m = new TextMeasurer(600, 'sans-serif', () => ({ getContext: () => ctx }));
    expect(m.measure('one', 20)).toEqual({ width: 50, ascent: 14, descent: 0 });
    expect(ctx.font).toBe('600 100px sans-serif');
  });
});
