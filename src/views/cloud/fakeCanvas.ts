/**
 * A canvas stand-in for laying out clouds without a browser (tests, Node). It "renders"
 * text as a filled box from a fixed-advance font (0.6 em per character, ascent 0.8 em,
 * descent 0.2 em): enough for d3-cloud's sprite collision, and fully deterministic.
 * Only what d3-cloud calls is implemented; rotation is unsupported (the layout never rotates).
 */
const ADVANCE_EM = 0.6;

class FakeContext2D {
  font = '10px sans-serif';
  fillStyle = '';
  strokeStyle = '';
  lineWidth = 1;
  private tx = 0;
  private ty = 0;
  private stack: Array<[number, number, string]> = [];

  constructor(private readonly canvas: FakeCanvas) {}

  private px(): number {
    const m = /(\d+(?:\.\d+)?)px/.exec(this.font);
    if (!m) throw new Error(`fakeCanvas: font "${this.font}" has no px size`);
    return Number(m[1]);
  }
  save(): void {
    this.stack.push([this.tx, this.ty, this.font]);
  }
  restore(): void {
    const top = this.stack.pop();
    if (top) [this.tx, this.ty, this.font] = top;
  }
  translate(x: number, y: number): void {
    this.tx += x;
    this.ty += y;
  }
  rotate(angle: number): void {
    if (angle !== 0) throw new Error(`fakeCanvas: rotate(${angle}) is unsupported; lay out with rotate 0`);
  }
  measureText(text: string): { width: number } {
    return { width: text.length * ADVANCE_EM * this.px() };
  }
  clearRect(): void {
    this.canvas.pixels.fill(0);
  }
  fillText(text: string, x: number, y: number): void {
    this.box(text, x, y, 0);
  }
  strokeText(text: string, x: number, y: number): void {
    this.box(text, x, y, this.lineWidth / 2);
  }
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } {
    const out = new Uint8ClampedArray(w * h * 4);
    for (let r = 0; r < h; r++) {
      const src = ((y + r) * this.canvas.width + x) * 4;
      out.set(this.canvas.pixels.subarray(src, src + w * 4), r * w * 4);
    }
    return { data: out };
  }
  private box(text: string, x: number, y: number, grow: number): void {
    const px = this.px();
    const x0 = Math.floor(this.tx + x - grow);
    const x1 = Math.ceil(this.tx + x + this.measureText(text).width + grow);
    const y0 = Math.floor(this.ty + y - 0.8 * px - grow);
    const y1 = Math.ceil(this.ty + y + 0.2 * px + grow);
    const { width, height, pixels } = this.canvas;
    for (let r = Math.max(0, y0); r < Math.min(height, y1); r++) {
      // d3-cloud reads the red channel; fill every channel like opaque red ink would.
      for (let c = Math.max(0, x0); c < Math.min(width, x1); c++) pixels.fill(255, (r * width + c) * 4, (r * width + c) * 4 + 4);
    }
  }
}

export class FakeCanvas {
  pixels = new Uint8ClampedArray(4);
  private w = 1;
  private h = 1;
  private readonly ctx = new FakeContext2D(this);

  get width(): number {
    return this.w;
  }
  set width(v: number) {
    this.w = v;
    this.pixels = new Uint8ClampedArray(this.w * this.h * 4);
  }
  get height(): number {
    return this.h;
  }
  set height(v: number) {
    this.h = v;
    this.pixels = new Uint8ClampedArray(this.w * this.h * 4);
  }
  getContext(): FakeContext2D {
    return this.ctx;
  }
}

export function fakeCanvasFactory(): HTMLCanvasElement {
  return new FakeCanvas() as unknown as HTMLCanvasElement;
}
