import { describe, expect, it } from 'vitest';
import { Placer, type WordBox } from './place';
import { mulberry32 } from '../../util/prng';

const box = (w: number, h: number): WordBox => ({ left: -Math.floor(w / 2), right: Math.ceil(w / 2), top: -h, bottom: 0 });

describe('Placer', () => {
  it('places the first word near the middle: its centre within a quarter of the cloud of the centre, on average at it', () => {
    // The start is drawn from the middle half of the cloud, and an empty cloud takes the word
    // where the spiral starts. Anchors are the middle of the baseline: the box's centre sits
    // half its height (10 px) above it.
    const W = 200;
    const H = 100;
    const offsets = Array.from({ length: 200 }, (_, seed) => {
      const at = new Placer(W, H, mulberry32(seed + 1)).place(box(40, 20));
      expect(at).not.toBeNull();
      return { dx: at!.x - W / 2, dy: at!.y - 10 - H / 2 };
    });
    for (const { dx, dy } of offsets) {
      expect(Math.abs(dx)).toBeLessThanOrEqual(W / 4);
      expect(Math.abs(dy + 10)).toBeLessThanOrEqual(H / 4);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(offsets.map((o) => o.dx)))).toBeLessThan(5);
    expect(Math.abs(mean(offsets.map((o) => o.dy + 10)))).toBeLessThan(5);
  });

  it('refuses a word larger than the cloud; once a size found no room, no larger word is tried', () => {
    const p = new Placer(64, 32, mulberry32(2));
    expect(p.place(box(65, 10))).toBeNull();
    const results = Array.from({ length: 30 }, () => p.place(box(10, 10)));
    const firstMiss = results.indexOf(null);
    expect(firstMiss).toBeGreaterThan(0);
    expect(firstMiss).toBeLessThanOrEqual(18); // 64 x 32 holds at most 6 x 3 boxes of 10 x 10
    expect(results.slice(firstMiss).every((r) => r === null)).toBe(true);
    expect(p.place(box(12, 10))).toBeNull();
  });

  it('gives the same positions for the same seed', () => {
    const run = () => {
      const p = new Placer(300, 150, mulberry32(9));
      return [30, 24, 18, 18, 12, 12, 12].map((s) => p.place(box(s * 3, s)));
    };
    expect(run()).toEqual(run());
  });
});
