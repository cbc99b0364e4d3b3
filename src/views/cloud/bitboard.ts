/**
 * Which pixels of the cloud are taken: one bit per pixel, 32 pixels per Int32 word, row-major
 * (d3-cloud's board). Words are boxes, so a test or a fill touches only the box's rows and
 * the words its columns span: a 40 px tall word costs about 40 x 3 integer operations.
 */
export class BitBoard {
  private readonly bits: Int32Array; // int32 [height, ceil(width / 32)]
  private readonly stride: number;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.stride = (width + 31) >> 5;
    this.bits = new Int32Array(this.stride * height);
  }

  /** Whether any pixel of [x0, x1) x [y0, y1) is taken; the box must lie inside the board. */
  collides(x0: number, y0: number, x1: number, y1: number): boolean {
    const k0 = x0 >> 5;
    const k1 = (x1 - 1) >> 5;
    for (let y = y0; y < y1; y++) {
      const row = y * this.stride;
      for (let k = k0; k <= k1; k++) {
        if (this.bits[row + k] & mask(k, x0, x1)) return true;
      }
    }
    return false;
  }

  /** Marks [x0, x1) x [y0, y1) as taken. */
  fill(x0: number, y0: number, x1: number, y1: number): void {
    const k0 = x0 >> 5;
    const k1 = (x1 - 1) >> 5;
    for (let y = y0; y < y1; y++) {
      const row = y * this.stride;
      for (let k = k0; k <= k1; k++) this.bits[row + k] |= mask(k, x0, x1);
    }
  }
}

/** Bits of word k covering columns [x0, x1); bit 31 is the word's leftmost pixel. */
function mask(k: number, x0: number, x1: number): number {
  const from = Math.max(x0 - (k << 5), 0); // first covered column within the word
  const to = Math.min(x1 - (k << 5), 32); // one past the last
  const head = from === 0 ? -1 : -1 >>> from; // columns from..31
  const tail = to === 32 ? -1 : ~(-1 >>> to); // columns 0..to-1
  return head & tail;
}
