/**
 * The browser side of the benchmark commands: serving a build with `vite preview`, opening the
 * app on a bundle in headless Chromium with WASM forced, and reading the page's own measures
 * (src/app/perf.ts). `benchPass` is one pass of `lexvla bench` over one build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { BenchFormat } from './bench-images';
import type { HoverRun, ImageRun } from './bench-stats';

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export function startPreview(port: number, dist: string): ChildProcess {
  const vite = resolve('node_modules/vite/bin/vite.js');
  const args = [vite, 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  return spawn(process.execPath, args, { stdio: 'ignore' });
}

export async function waitForHttp(url: string, server: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode} before serving ${url}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer ${url} within 60 s`);
}

/** The window size every bench page has. */
export const BENCH_VIEWPORT = { width: 1280, height: 900 } as const;

/**
 * The served app on `bundle` with WASM forced, once it has loaded (or failed, which throws); `query`
 * adds URL parameters. Given a browser, the page opens in a context of its own (Playwright's
 * contexts are off the record: storage in memory); given a context (a profile on disk), in it.
 */
export async function openBenchPage(target: Browser | BrowserContext, port: number, server: ChildProcess, bundle: string, query = ''): Promise<Page> {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(base + '/', server);
  // A context of its own: each pass starts from nothing the previous pass left (caches, storage).
  const context = 'newContext' in target ? await target.newContext({ viewport: BENCH_VIEWPORT }) : target;
  const page = await context.newPage();
  await page.goto(`${base}/?bundle=${encodeURIComponent(bundle)}&backend=wasm${query}`);
  await page.waitForFunction(() => document.body.dataset.phase !== 'loading', null, { timeout: 300_000 });
  const fatal = await page.locator('.fatal-text').textContent({ timeout: 100 }).catch(() => null);
  if (fatal) throw new Error(`the page could not load ${bundle}: ${fatal}`);
  return page;
}

/** Waits for the n-th entry of a page measure and returns its detail. */
export async function nextMeasure(page: Page, name: string, n: number, timeout = 120_000): Promise<unknown> {
  const handle = await page.waitForFunction(
    ([name, n]) => {
      const all = performance.getEntriesByName(name as string, 'measure') as PerformanceMeasure[];
      return all.length >= (n as number) ? all[(n as number) - 1].detail : null;
    },
    [name, n] as const,
    { timeout, polling: 'raf' },
  );
  return handle.jsonValue();
}

export interface PassOptions {
  bundle: string;
  /** The vision graph to run (`?variant=`: "auto", "exact" or a variant's name); absent: the page's default. */
  variant?: string;
  /** The images to upload, in order; distinct, or a repeat would find its cloud layout cached. */
  images: ReadonlyArray<{ format: BenchFormat; file: () => Promise<string> }>;
  /** The first images, left out of the figures (the first one is kept apart). */
  warmup: number;
  firstAfter: number;
  /** Between an image's cloud painted and the next image chosen: a person looks at the cloud. */
  pause: number;
  hovers: number;
  /** Drags, and the region steps measured in each. */
  drags: number;
  steps: number;
  /** How long the pointer rests on a drag's first patch before the press. */
  rest: number;
}

export interface PassResult {
  /** The vision graph the page ran (its model panel); null for a build without one. */
  graph: string | null;
  images: Array<ImageRun & { format: BenchFormat }>;
  first: ImageRun;
  hovers: HoverRun[];
  /** null: the build does not show a region's words during a drag. */
  regions: HoverRun[] | null;
}

/** One pass over one build in a fresh context: encodes, then hovers, then drags. */
export async function benchPass(browser: Browser, port: number, server: ChildProcess, o: PassOptions): Promise<PassResult> {
  const page = await openBenchPage(browser, port, server, o.bundle, o.variant ? `&variant=${encodeURIComponent(o.variant)}` : '');
  try {
    const graph = (await page.getByTestId('vision-graph').textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? null;
    if (o.firstAfter > 0) await page.waitForTimeout(o.firstAfter);
    const all: Array<ImageRun & { format: BenchFormat }> = [];
    for (const [i, { format, file }] of o.images.entries()) {
      if (i > 0 && o.pause > 0) await page.waitForTimeout(o.pause);
      await page.getByLabel('Upload image').setInputFiles(await file());
      all.push({ ...((await nextMeasure(page, 'lexvla:image', i + 1)) as ImageRun), format });
    }
    // The hovers start as soon as the last image's cloud is painted: the first hovers after an
    // image are part of the figure.
    const grid = await gridOf(page);
    const hovers: HoverRun[] = [];
    await page.mouse.move(0, 0);
    for (let i = 0; i < o.hovers; i++) {
      // A stride coprime with the patch count visits distinct patches, spread over the image.
      await page.mouse.move(...grid.centre((i * 37 + 5) % grid.patches));
      hovers.push((await nextMeasure(page, 'lexvla:hover', i + 1)) as HoverRun);
    }
    const regions: HoverRun[] | null = await dragRegions(page, grid, o);
    return { graph, images: all.slice(o.warmup), first: all[0], hovers, regions };
  } finally {
    await page.context().close();
  }
}

/**
 * Drags from `drags` patches spread over the grid, `steps` new regions each, and reads each
 * step's measure. null when the build shows no region before the drag ends (builds before the
 * live region preview): its first step then has no measure.
 */
async function dragRegions(page: Page, grid: Grid, { drags, steps, rest }: PassOptions): Promise<HoverRun[] | null> {
  const regions: HoverRun[] = [];
  for (let d = 0; d < drags; d++) {
    const start = (d * 29 + 11) % grid.patches;
    await page.mouse.move(...grid.centre(start));
    if (rest > 0) await page.waitForTimeout(rest);
    await page.mouse.down();
    for (const cell of dragPath(start, grid.rows, grid.cols, steps)) {
      await page.mouse.move(...grid.centre(cell));
      const first = regions.length === 0;
      const m = await nextMeasure(page, 'lexvla:region', regions.length + 1, first ? 10_000 : 120_000).catch((e: unknown) => {
        if (first) return null;
        throw e;
      });
      if (m === null) {
        await page.mouse.up();
        return null;
      }
      regions.push(m as HoverRun);
    }
    await page.mouse.up();
  }
  return regions;
}

type Grid = Awaited<ReturnType<typeof gridOf>>;

/** The patch grid on screen: its size and each patch's centre in page pixels. */
async function gridOf(page: Page) {
  const grid = page.getByRole('application', { name: /^Patch grid/ });
  const label = (await grid.getAttribute('aria-label')) ?? '';
  const [rows, cols] = (label.match(/(\d+) by (\d+)/)?.slice(1) ?? ['1', '1']).map(Number);
  await grid.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await grid.boundingBox();
  if (!box) throw new Error('the patch grid is not visible');
  const centre = (index: number): [number, number] => {
    const [r, c] = [Math.floor(index / cols), index % cols];
    return [box.x + ((c + 0.5) * box.width) / cols, box.y + ((r + 0.5) * box.height) / rows];
  };
  return { rows, cols, patches: rows * cols, centre };
}

/**
 * Patches a drag from `start` passes through, one new region each: a diagonal staircase away
 * from the nearer edges (down a row, then across a column, ...), as far as the grid allows.
 */
export function dragPath(start: number, rows: number, cols: number, steps: number): number[] {
  let [r, c] = [Math.floor(start / cols), start % cols];
  const [dr, dc] = [r < rows / 2 ? 1 : -1, c < cols / 2 ? 1 : -1];
  const path: number[] = [];
  for (let i = 0; i < steps; i++) {
    const nr = r + dr;
    const nc = c + dc;
    if (i % 2 === 0 && nr >= 0 && nr < rows) r = nr;
    else if (nc >= 0 && nc < cols) c = nc;
    else if (nr >= 0 && nr < rows) r = nr;
    else break;
    path.push(r * cols + c);
  }
  return path;
}
