/**
 * Seeded, incremental word-cloud layout on d3-cloud. The same words, values, size and seed
 * give the same positions (the PRNG is fresh per layout); placement runs in short
 * time slices (`timeInterval`) so a big cloud never blocks the page; results are cached.
 * d3-cloud measures text on a canvas: pass `canvas` to supply one (tests use a fake).
 */
import cloud from 'd3-cloud';
import { fontScale } from './fontScale';
import { mulberry32 } from './prng';

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
  canvas?: () => HTMLCanvasElement;
}

export interface LayoutJob {
  done: Promise<PlacedWord[]>;
  cancel(): void;
}

type Datum = CloudWord & { size: number; x?: number; y?: number; rotate?: number };

export function layoutCloud(words: readonly CloudWord[], opts: LayoutOptions): LayoutJob {
  const size = fontScale(words.map((w) => w.value), opts);
  // d3-cloud writes into its input objects: give it copies.
  const data: Datum[] = words.map((w) => ({ ...w, size: size(w.value) }));
  const layout = cloud<Datum>()
    .size([opts.width, opts.height])
    .words(data)
    .text((d) => d.text)
    .font(opts.fontFamily)
    .fontWeight(600)
    .fontSize((d) => d.size)
    // Horizontal words read best; the paper's clouds are horizontal too.
    .rotate(0)
    .padding(2)
    .spiral('archimedean')
    .random(mulberry32(opts.seed))
    .timeInterval(opts.timeInterval ?? 8);
  if (opts.canvas) layout.canvas(opts.canvas);
  let settle: (p: PlacedWord[]) => void = () => {};
  const done = new Promise<PlacedWord[]>((resolve) => (settle = resolve));
  layout.on('end', (placed: Datum[]) => {
    settle(
      placed.map((d) => ({
        index: d.index,
        text: d.text,
        value: d.value,
        size: d.size,
        x: d.x ?? 0,
        y: d.y ?? 0,
        rotate: d.rotate ?? 0,
      })),
    );
  });
  layout.start();
  return {
    done,
    cancel: () => {
      layout.stop();
    },
  };
}

/** Cache of finished layouts by input, so going back to a patch redraws instantly. */
const MAX_CACHED = 64;
const cache = new Map<string, PlacedWord[]>();

export function layoutKey(words: readonly CloudWord[], opts: LayoutOptions): string {
  const w = words.map((d) => `${d.index}:${d.value.toPrecision(6)}`).join(',');
  return `${opts.width}x${opts.height}|${opts.seed}|${opts.maxPx}|${opts.minPx}|${opts.fontFamily}|${w}`;
}

export function cachedLayout(words: readonly CloudWord[], opts: LayoutOptions): { hit: PlacedWord[] } | LayoutJob {
  const key = layoutKey(words, opts);
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the map's order is least-recently-used first.
    cache.delete(key);
    cache.set(key, hit);
    return { hit };
  }
  const job = layoutCloud(words, opts);
  void job.done.then((placed) => {
    cache.set(key, placed);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  });
  return job;
}
