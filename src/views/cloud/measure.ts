/**
 * Text measurement for the cloud layout, cached. d3-cloud rasterises every word on a
 * 2048 x 2048 canvas and reads all 16 MB back (getImageData) on every layout: ~80 ms for 80
 * words, the largest cost between an image and its cloud. Here each word is measured once, at
 * one reference size, and scaled: a canvas re-resolves the font on every size change (about
 * 0.2 ms each in Chromium, more than the measuring), and advance widths scale with the size to
 * well under the layout's padding. Hovering patches shows the same words again and again, so
 * most layouts measure nothing at all.
 */

/** A word's box at one font size, in px, relative to the anchor (middle of the baseline). */
interface TextBox {
  /** Advance width: what an SVG text with text-anchor middle is centred on. */
  width: number;
  /** Ink above and below the baseline. */
  ascent: number;
  descent: number;
}

/** What measuring needs from a canvas: the 2D context's `font` and `measureText`. */
interface MeasureContext {
  font: string;
  measureText(text: string): { width: number; actualBoundingBoxAscent?: number; actualBoundingBoxDescent?: number };
}

export type MeasureCanvas = { getContext(kind: '2d'): unknown };

/** The browser's canvas: an OffscreenCanvas where there is one (no DOM node needed), else a <canvas>. */
function defaultCanvas(): MeasureCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  return document.createElement('canvas');
}

// Fallback vertical metrics for contexts that report only the width (the fake canvas of tests):
// a typical Latin font's ascent and descent, as fractions of the font size.
const ASCENT_EM = 0.8;
const DESCENT_EM = 0.2;
const MAX_CACHED = 8192;
/** Large enough that hinting and rounding at this size are small against the scaled sizes. */
const REFERENCE_PX = 100;

export class TextMeasurer {
  private readonly cache = new Map<string, TextBox>();
  private ctx: MeasureContext | null = null;

  constructor(
    private readonly weight: string | number,
    private readonly family: string,
    private readonly canvas: () => MeasureCanvas = defaultCanvas,
  ) {}

  measure(text: string, sizePx: number): TextBox {
    const em = this.measureEm(text);
    return { width: em.width * sizePx, ascent: em.ascent * sizePx, descent: em.descent * sizePx };
  }

  /** The box at 1 px (in em), from one measurement at REFERENCE_PX. */
  private measureEm(text: string): TextBox {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const ctx = this.context();
    const m = ctx.measureText(text);
    const r = REFERENCE_PX;
    const box: TextBox = {
      width: m.width / r,
      ascent: Number.isFinite(m.actualBoundingBoxAscent) ? Math.max(0, m.actualBoundingBoxAscent!) / r : ASCENT_EM,
      descent: Number.isFinite(m.actualBoundingBoxDescent) ? Math.max(0, m.actualBoundingBoxDescent!) / r : DESCENT_EM,
    };
    this.cache.set(text, box);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return box;
  }

  private context(): MeasureContext {
    if (this.ctx) return this.ctx;
    const ctx = this.canvas().getContext('2d') as MeasureContext | null;
    if (!ctx) throw new Error('TextMeasurer: the canvas gave no 2d context; the word cloud cannot measure its words');
    ctx.font = `${this.weight} ${REFERENCE_PX}px ${this.family}`;
    return (this.ctx = ctx);
  }
}

const measurers = new Map<string, TextMeasurer>();

/** One shared measurer (and cache) per font and canvas factory. */
export function measurerFor(weight: string | number, family: string, canvas?: () => MeasureCanvas): TextMeasurer {
  if (canvas) return new TextMeasurer(weight, family, canvas);
  const key = `${weight}|${family}`;
  let m = measurers.get(key);
  if (!m) measurers.set(key, (m = new TextMeasurer(weight, family)));
  return m;
}

