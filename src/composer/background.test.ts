import { describe, expect, it } from 'vitest';
import { renderBackground, type BackgroundSpec } from './background';
import { BACKGROUND_KINDS, PALETTE, TWO_COLOUR_KINDS } from './palette';

const distinct = (px: Uint8ClampedArray) => {
  const set = new Set<string>();
  for (let i = 0; i < px.length; i += 4) set.add(`${px[i]},${px[i + 1]},${px[i + 2]}`);
  return set;
};
const near = (rgb: string, name: keyof typeof PALETTE) => rgb.split(',').every((v, k) => Math.abs(Number(v) - PALETTE[name][k]) <= 14);

describe('backgrounds, as EmojiScenes draws them', () => {
  it.each(BACKGROUND_KINDS)('%s: the same seed gives the same pixels, another seed others; alpha is 255', (kind) => {
    const spec: BackgroundSpec = { kind, colours: ['blue', 'yellow'], seed: 11 };
    const a = renderBackground(spec, 64, 48);
    expect(a.length).toBe(64 * 48 * 4);
    expect(renderBackground(spec, 64, 48)).toEqual(a);
    expect(renderBackground({ ...spec, seed: 12 }, 64, 48)).not.toEqual(a);
    for (let i = 3; i < a.length; i += 4) expect(a[i]).toBe(255);
  });

  it('flat: one colour within the generator\'s jitter of its name', () => {
    const c = [...distinct(renderBackground({ kind: 'flat', colours: ['red', 'blue'], seed: 3 }, 32, 32))];
    expect(c).toHaveLength(1);
    expect(near(c[0], 'red')).toBe(true);
  });

  it.each(['stripes', 'checks', 'dots'] as const)('%s: exactly the two named colours', (kind) => {
    const c = [...distinct(renderBackground({ kind, colours: ['green', 'pink'], seed: 5 }, 224, 224))];
    expect(c).toHaveLength(2);
    expect(c.some((x) => near(x, 'green')) && c.some((x) => near(x, 'pink'))).toBe(true);
    expect(TWO_COLOUR_KINDS.has(kind)).toBe(true);
  });

  it('gradient: runs from one colour to the other', () => {
    const px = renderBackground({ kind: 'gradient', colours: ['black', 'white'], seed: 9 }, 224, 224);
    const grey = Array.from({ length: px.length / 4 }, (_, i) => px[i * 4]);
    expect(Math.min(...grey)).toBeLessThanOrEqual(28 + 14);
    expect(Math.max(...grey)).toBeGreaterThanOrEqual(244 - 14);
  });

  it('noise: a texture around the first colour', () => {
    const px = renderBackground({ kind: 'noise', colours: ['gray', 'red'], seed: 2 }, 224, 224);
    const grey = Array.from({ length: px.length / 4 }, (_, i) => px[i * 4 + 1]);
    const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
    expect(Math.abs(mean - 128)).toBeLessThan(25);
    expect(distinct(px).size).toBeGreaterThan(1000);
  });
});
