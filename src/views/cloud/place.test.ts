import { describe, expect, it } from 'vitest';
import { Placer, type WordBox } from './place';
import { mulberry32 } from '../../util/prng';

const box = (w: number, h: number): WordBox => ({ left: -Math.floor(w / 2), right: Math.ceil(w / 2), top: -h, bottom: 0 });

describe('Placer', () => {
  it('places inside the cloud, the first word near the middle', () => {
    const p = new Placer(200, 100, mulberry32(1));
    const at = p.place(box(40, 20));
    expect(at).not.toBeNull();
    expect(at!.x - 20).toBeGreaterThanOrEqual(0);
    expect(at!.x + 20).toBeLessThanOrEqual(200);
    expect(at!.y - 20).toBeGreaterThanOrEqual(0);
    expect(at!.y).toBeLessThanOrEqual(100);
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
