/**
 * Seeded, incremental word-cloud layout: font size from the value (./fontScale.ts), boxes from
 * cached text measurement (./measure.ts), placement by d3-cloud's spiral algorithm (./place.ts).
 * The same words, values, size and seed give the same positions (the PRNG is fresh per layout);
 * placement runs in short time slices (`timeInterval`) so a big cloud never blocks the page;
 * results are cached. Pass `canvas` to measure on another canvas (tests use a fake).
 *
 * Why not d3-cloud itself: it rasterises every word and reads its 2048 x 2048 canvas back on
 * each layout, which made a layout cost ~80 ms (a hover must repaint within a frame,
 * docs/benchmarks.md); measured boxes on a bit board place the same way in a few ms.
 */
import { fontScale } from './fontScale';
import { measurerFor, type MeasureCanvas } from './measure';
import { Placer, type WordBox } from './place';
import { mulberry32 } from '../../util/prng';

export interface CloudWord {
  /** Vocabulary index: what a click on the word reports. */
  index: number;
  text: string;
  value: number;
}

export interface PlacedWord extends CloudWord {
  /** Font size in px. */
  size: number;
  /** Position of the text's anchor (middle of the baseline) relative to the cloud's centre. */
  x: number;
  y: number;
  rotate: number;
}

export interface LayoutOptions {
  width: number;
  height: number;
  seed: number;
  fontFamily: string;
  maxPx: number;
  minPx: number;
  /** Milliseconds of layout work per tick before yielding to the page. */
  timeInterval?: number;
  /** The canvas to measure text on (default: an OffscreenCanvas). */
  canvas?: () => MeasureCanvas;
}

interface LayoutJob {
  done: Promise<PlacedWord[]>;
  cancel(): void;
}

/** The weight the SVG draws with (.cloud-word in app.css): measured text must match it. */
const CLOUD_FONT_WEIGHT = 600;
/** Free pixels around each word. */
const PADDING = 2;

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** One layout under way: the measured boxes, largest first, placed one at a time. */
function begin(words: readonly CloudWord[], opts: LayoutOptions, record = true) {
  const t0 = now();
  const scale = fontScale(words.map((w) => w.value), opts);
  const measurer = measurerFor(CLOUD_FONT_WEIGHT, opts.fontFamily, opts.canvas);
  // Whole pixels (as d3-cloud truncates them); largest first, ties in list order (a stable sort).
  const items = words
    .map((w) => ({ word: w, size: Math.trunc(scale(w.value)) }))
    .sort((a, b) => b.size - a.size)
    .map(({ word, size }) => ({ word, size, box: boxOf(measurer.measure(word.text, size)) }));
  const measured = now() - t0;
  const placer = new Placer(opts.width, opts.height, mulberry32(opts.seed));
  const placed: PlacedWord[] = [];
  let next = 0;
  return {
    /** Places words until the clock passes `until` (at least one word); true once all are done. */
    run(until: number): boolean {
      do {
        if (next >= items.length) break;
        const { word, size, box } = items[next++];
        const at = placer.place(box);
        if (at) placed.push({ ...word, size, x: at.x - (opts.width >> 1), y: at.y - (opts.height >> 1), rotate: 0 });
      } while (now() < until);
      return next >= items.length;
    },
    finish(): PlacedWord[] {
      // For profiling (devtools, cli/bench.ts): measuring and placing, without React's part.
      if (record) globalThis.performance?.measure?.('lexvla:cloud-layout', { start: t0, detail: { words: words.length, placed: placed.length, measured } });
      return placed;
    },
  };
}

/** The whole layout now, blocking: a few ms for the explorer's clouds (at most 80 words). */
export function layoutCloudNow(words: readonly CloudWord[], opts: LayoutOptions, record = true): PlacedWord[] {
  const layout = begin(words, opts, record);
  layout.run(Infinity);
  return layout.finish();
}

/** The same layout in slices of `timeInterval` ms, yielding to the page between them. */
export function layoutCloud(words: readonly CloudWord[], opts: LayoutOptions): LayoutJob {
  const layout = begin(words, opts);
  const slice = opts.timeInterval ?? 8;
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<PlacedWord[]>((resolve) => {
    const step = () => {
      if (cancelled) return;
      if (layout.run(now() + slice)) resolve(layout.finish());
      else timer = setTimeout(step, 0);
    };
    step();
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/** Whole-pixel box of measured text plus padding; horizontally centred on the advance width. */
function boxOf(m: { width: number; ascent: number; descent: number }): WordBox {
  const half = Math.ceil(m.width / 2 + PADDING);
  return { left: -half, right: half, top: -Math.ceil(m.ascent + PADDING), bottom: Math.ceil(m.descent + PADDING) };
}

/**
 * Cache of finished layouts by input, so going back to a patch redraws instantly. It holds the
 * layouts made ahead too (every patch of a 16 x 16 grid and every region of a drag, ./layoutsAhead.ts):
 * about 4 KB each.
 */
const MAX_CACHED = 1024;
const cache = new Map<string, PlacedWord[]>();

function layoutKey(words: readonly CloudWord[], opts: LayoutOptions): string {
  const w = words.map((d) => `${d.index}:${d.value.toPrecision(6)}`).join(',');
  return `${opts.width}x${opts.height}|${opts.seed}|${opts.maxPx}|${opts.minPx}|${opts.fontFamily}|${w}`;
}

function cached(key: string): PlacedWord[] | undefined {
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the map's order is least-recently-used first.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

function remember(key: string, placed: PlacedWord[]): void {
  cache.set(key, placed);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

export function cachedLayout(words: readonly CloudWord[], opts: LayoutOptions): { hit: PlacedWord[] } | LayoutJob {
  const key = layoutKey(words, opts);
  const hit = cached(key);
  if (hit) return { hit };
  const job = layoutCloud(words, opts);
  void job.done.then((placed) => remember(key, placed));
  return job;
}

/**
 * `record`: leave a "lexvla:cloud-layout" measure, as the layouts a view waits for do; those made
 * ahead in idle time (./wordsAhead.ts) leave none, or hundreds would pile up in the page's timeline.
 */
export function cachedLayoutNow(words: readonly CloudWord[], opts: LayoutOptions, record = true): PlacedWord[] {
  const key = layoutKey(words, opts);
  const hit = cached(key);
  if (hit) return hit;
  const placed = layoutCloudNow(words, opts, record);
  remember(key, placed);
  return placed;
}

/**
 * Lays out a throw-away cloud of the explorer's size, in slices, so the first real cloud finds
 * the font loaded into the measuring canvas and the placement loop compiled (cold, the first
 * layouts took 100-300 ms instead of under 10). Call it once a model is loaded, before any image.
 */
let warmed = false;
export function warmUpLayout(opts: LayoutOptions): LayoutJob {
  if (warmed) return { done: Promise.resolve([]), cancel: () => {} };
  warmed = true;
  const words = Array.from({ length: 80 }, (_, i) => ({ index: i, text: `warm${i.toString(36)}`, value: 1 / (1 + i / 4) }));
  return layoutCloud(words, opts);
}
