/**
 * Word placement (Feinberg's algorithm, as d3-cloud does it): largest word first, each from a
 * seeded random point in the middle half of the box, walking an archimedean spiral until its box
 * is inside the cloud and touches no placed word. Boxes come from measured text (./measure.ts).
 *
 * Two changes to d3-cloud's search, both for words that do not fit, which cost the most:
 * - the spiral stops once no further point can be inside the box (d3-cloud circles on several
 *   times farther out);
 * - a word whose box is at least as wide and as tall as one that already found no room is not
 *   tried: the spiral samples the same, only fuller, free space, so it would not fit either.
 */
import { BitBoard } from './bitboard';

/** A word's box around its anchor (middle of the baseline), in whole px; left/top are negative. */
export interface WordBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Anchor relative to the cloud's top-left corner, or null when the word found no room. */
type Placement = { x: number; y: number } | null;

export class Placer {
  private readonly board: BitBoard;
  private readonly spiral: { dx: Int32Array; dy: Int32Array };
  private readonly failed: Array<{ w: number; h: number }> = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly random: () => number,
  ) {
    this.board = new BitBoard(width, height);
    this.spiral = spiralOffsets(width, height);
  }

  /** Places one word (call them largest first); consumes three random numbers per word. */
  place(box: WordBox): Placement {
    const { width: W, height: H } = this;
    const x0 = (W * (this.random() + 0.5)) >> 1;
    const y0 = (H * (this.random() + 0.5)) >> 1;
    const dt = this.random() < 0.5 ? 1 : -1;
    const w = box.right - box.left;
    const h = box.bottom - box.top;
    if (w > W || h > H || this.failed.some((f) => w >= f.w && h >= f.h)) return this.miss(w, h);
    const { dx, dy } = this.spiral;
    for (let t = 0; t < dx.length; t++) {
      // Walking the spiral backwards (dt = -1) mirrors it: a -> -a flips x and keeps y.
      const x = x0 + dt * dx[t];
      const y = y0 + dy[t];
      const l = x + box.left;
      const r = x + box.right;
      const tp = y + box.top;
      const b = y + box.bottom;
      if (l < 0 || tp < 0 || r > W || b > H) continue;
      if (this.board.collides(l, tp, r, b)) continue;
      this.board.fill(l, tp, r, b);
      return { x, y };
    }
    return this.miss(w, h);
  }

  private miss(w: number, h: number): null {
    this.failed.push({ w, h });
    return null;
  }
}

const spirals = new Map<string, { dx: Int32Array; dy: Int32Array }>();

/**
 * d3-cloud's archimedean spiral (e*a*cos a, a*sin a), a = t/10, e = width/height, truncated to
 * whole pixels, for t = 0, 1, ... while a point can still be inside: starts lie in the middle
 * half, so an offset keeps a point inside only while |a*cos| and |a*sin| are below 3h/4, never
 * once a > h*sqrt(2). Computed once per cloud size: the trigonometry was half the placing time.
 */
function spiralOffsets(width: number, height: number): { dx: Int32Array; dy: Int32Array } {
  const key = `${width}x${height}`;
  let s = spirals.get(key);
  if (s) return s;
  const e = width / height;
  const n = Math.floor(height * Math.SQRT2 * 10) + 1;
  s = { dx: new Int32Array(n), dy: new Int32Array(n) };
  for (let t = 0; t < n; t++) {
    const a = t * 0.1;
    s.dx[t] = ~~(e * a * Math.cos(a));
    s.dy[t] = ~~(a * Math.sin(a));
  }
  spirals.set(key, s);
  return s;
}
