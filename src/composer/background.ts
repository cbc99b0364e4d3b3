/**
 * Scene backgrounds, ported from EmojiScenes (data/emojiscenes/backgrounds.py): flat colours,
 * gradients, noise, stripes, checks and dots in the generator's named colours, with its ranges
 * for every pattern parameter. The generator draws kind, colours and parameters from a scene's
 * RNG; here the user picks kind and colours, and a seed fixes the rest (the colours' small
 * jitter included, as in training: "blue" is a range of blues), so a scene is reproducible
 * from its description alone. Same look, not the same pixels: the RNG differs.
 */
import { mulberry32 } from '../util/prng';
import { PALETTE, type BackgroundKind, type ColourName } from './palette';

export interface BackgroundSpec {
  kind: BackgroundKind;
  /** The first is the dominant colour; the second is used by two-colour kinds only. */
  colours: [ColourName, ColourName];
  /** Fixes the pattern's parameters and the colours' jitter: an unsigned 32-bit integer. */
  seed: number;
}

type RGB = [number, number, number];

/** The generator's _colour: the named colour, each channel moved by an integer in [-14, 14]. */
function jittered(rand: () => number, name: ColourName): RGB {
  return PALETTE[name].map((c) => Math.min(255, Math.max(0, c + Math.floor(rand() * 29) - 14))) as RGB;
}

const uniform = (rand: () => number, lo: number, hi: number) => lo + (hi - lo) * rand();
/** An integer in [lo, hi), like numpy's integers(lo, hi). */
const integer = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));

/** RGBA bytes [height, width, 4], alpha 255. */
export function renderBackground(spec: BackgroundSpec, width: number, height: number): Uint8ClampedArray {
  const rand = mulberry32(spec.seed);
  const c1 = jittered(rand, spec.colours[0]);
  const c2 = jittered(rand, spec.colours[1]);
  const out = new Uint8ClampedArray(width * height * 4);
  const put = (i: number, r: number, g: number, b: number) => {
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  };
  const twoTone = (on: (x: number, y: number) => boolean) => {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) put(y * width + x, ...(on(x, y) ? c2 : c1));
  };
  switch (spec.kind) {
    case 'flat':
      for (let i = 0; i < width * height; i++) put(i, ...c1);
      return out;
    case 'gradient': {
      const angle = uniform(rand, 0, Math.PI);
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      // The projection's range over the pixel grid, as the generator normalises it.
      const corners = [0, (width - 1) * cos, (height - 1) * sin, (width - 1) * cos + (height - 1) * sin];
      const lo = Math.min(...corners);
      const span = Math.max(Math.max(...corners) - lo, 1);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const t = (x * cos + y * sin - lo) / span;
          put(y * width + x, ...(c1.map((a, k) => Math.floor(a + (c2[k] - a) * t + 0.5)) as RGB));
        }
      }
      return out;
    }
    case 'noise':
      return noise(rand, c1, width, height, out);
    case 'stripes': {
      const period = uniform(rand, 10, 40);
      const angle = uniform(rand, 0, Math.PI);
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      twoTone((x, y) => ((Math.floor((x * cos + y * sin) / (period / 2)) % 2) + 2) % 2 === 1);
      return out;
    }
    case 'checks': {
      const cell = integer(rand, 8, 41);
      twoTone((x, y) => (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 1);
      return out;
    }
    case 'dots': {
      const spacing = uniform(rand, 12, 36);
      const radius = spacing * uniform(rand, 0.18, 0.38);
      const ox = uniform(rand, 0, spacing);
      const oy = uniform(rand, 0, spacing);
      twoTone((x, y) => {
        const dx = ((x + ox) % spacing) - spacing / 2;
        const dy = ((y + oy) % spacing) - spacing / 2;
        return dx * dx + dy * dy <= radius * radius;
      });
      return out;
    }
  }
}

/**
 * Low-frequency blotches (a cells x cells grid of grey levels 83..173, upsampled with PIL's
 * bicubic weights) plus a per-pixel grain of standard deviation 10, around the first colour.
 */
function noise(rand: () => number, c1: RGB, width: number, height: number, out: Uint8ClampedArray): Uint8ClampedArray {
  const cells = integer(rand, 3, 9);
  const low = new Float64Array(cells * cells * 3);
  for (let i = 0; i < low.length; i++) low[i] = integer(rand, 83, 174);
  const wx = cubicTable(cells, width);
  const wy = cubicTable(cells, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = Math.trunc(gaussian(rand) * 10);
      const i = y * width + x;
      for (let k = 0; k < 3; k++) {
        let v = 0;
        for (const [sy, w1] of wy[y]) for (const [sx, w2] of wx[x]) v += w1 * w2 * low[(sy * cells + sx) * 3 + k];
        out[i * 4 + k] = c1[k] + Math.round(v) - 128 + grain; // clamped by the array
      }
      out[i * 4 + 3] = 255;
    }
  }
  return out;
}

/** PIL's bicubic (a = -0.5) taps of an inSize -> outSize upsampling: per output index, [source index, weight][]. */
function cubicTable(inSize: number, outSize: number): Array<Array<[number, number]>> {
  const scale = inSize / outSize;
  const kernel = (t: number) => {
    const a = -0.5;
    const x = Math.abs(t);
    if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
    return 0;
  };
  return Array.from({ length: outSize }, (_, i) => {
    const center = (i + 0.5) * scale;
    const first = Math.max(Math.floor(center - 2 + 0.5), 0);
    const last = Math.min(Math.floor(center + 2 + 0.5), inSize);
    const taps: Array<[number, number]> = [];
    for (let s = first; s < last; s++) taps.push([s, kernel(s - center + 0.5)]);
    const sum = taps.reduce((a, [, w]) => a + w, 0);
    return taps.map(([s, w]) => [s, w / sum] as [number, number]);
  });
}

/** A standard normal draw (Box-Muller). */
function gaussian(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
