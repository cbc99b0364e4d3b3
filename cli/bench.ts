/**
 * `lexvla bench`: the production build in headless Chromium with the WASM backend. Serves dist/ (or --dist)
 * with `vite preview` on a free port, loads a bundle, uploads N distinct images and hovers M
 * patches, and reads the page's own measures (src/app/perf.ts): image chosen -> global cloud
 * painted, split by stage, and pointer on a patch -> patch cloud painted. Builds nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { parseArgs, UsageError } from './args';
import { syntheticPng } from '../src/image/synthetic';
import { STAGES, summarize, TARGETS, type BenchSummary, type HoverRun, type ImageRun } from './bench-stats';
import type { Io } from './commands';

const BENCH_USAGE =
  'lexvla bench [--bundle /models/color-fixture/] [--variant auto|exact|<name>] [--runs 10] [--warmup 2] [--first-after 0] [--hovers 50] [--image <file> | --images <dir>] [--dist dist] [--chromium /usr/bin/chromium]';

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function benchCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { bundle: 'string', variant: 'string', runs: 'number', warmup: 'number', 'first-after': 'number', hovers: 'number', image: 'string', images: 'string', dist: 'string', chromium: 'string' });
  if (p.positional.length > 0) throw new UsageError(`bench takes no positional arguments, found "${p.positional[0]}"\nusage: ${BENCH_USAGE}`);
  const bundle = (p.flags.bundle as string | undefined) ?? '/models/color-fixture/';
  const runs = count(p.flags.runs, 10, 'runs');
  const hovers = count(p.flags.hovers, 50, 'hovers');
  const image = p.flags.image as string | undefined;
  // Images encoded first and left out of the medians: the first encodes after a load run on
  // code the JavaScript and WebAssembly engines have not optimised yet. The first is printed apart.
  const warmup = count(p.flags.warmup, 2, 'warmup', 0);
  const imageDir = p.flags.images as string | undefined;
  // How long after the load the first image is chosen (a user takes a moment; the page warms up).
  const firstAfter = count(p.flags['first-after'], 0, 'first-after', 0);
  if (image && imageDir) throw new UsageError('--image and --images: give one or the other');
  const dirFiles = imageDir ? await imagesIn(imageDir) : null;
  const executablePath = (p.flags.chromium as string | undefined) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Another checkout's build (or a before/after pair) can be measured without touching dist/.
  const dist = (p.flags.dist as string | undefined) ?? 'dist';
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${join(dist, 'index.html')} is missing: bench measures the production build; run \`npx vite build --outDir ${dist}\` first`);
  }
  if (!existsSync(executablePath)) throw new Error(`${executablePath}: no Chromium there; install Debian's chromium or pass --chromium <path>`);
  if (image && !existsSync(image)) throw new UsageError(`--image ${image}: no such file`);

  const port = await freePort();
  const server = startPreview(port, dist);
  const tmp = await mkdtemp(join(tmpdir(), 'lexvla-bench-'));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    // A bundle with vision.variants runs its int8 graph on WASM unless told (docs/bundle-format.md, "Variants").
    const variant = p.flags.variant as string | undefined;
    const page = await openBenchPage(browser, port, server, bundle, variant ? `&variant=${encodeURIComponent(variant)}` : '');
    const info = await page.locator('.model-info').innerText();
    const graph = await page.getByTestId('vision-graph').textContent();
    io.err(`bench: ${bundle} on ${info.match(/Backend\s*\n?\s*(.*)/)?.[1] ?? 'wasm'}, vision graph ${graph}; ${runs} images, ${hovers} hovers`);

    const all: ImageRun[] = [];
    if (firstAfter > 0) await page.waitForTimeout(firstAfter);
    for (let i = 0; i < warmup + runs; i++) {
      // Distinct images by default: the same one again would find its cloud layout cached.
      const file = image ?? (dirFiles ? dirFiles[i % dirFiles.length] : await writeImage(tmp, i));
      await page.getByLabel('Upload image').setInputFiles(file);
      all.push((await nextMeasure(page, 'lexvla:image', i + 1)) as ImageRun);
    }
    const images = all.slice(warmup);
    const first = all[0];
    if (dirFiles && dirFiles.length < warmup + runs) {
      io.err(`bench: ${imageDir} has ${dirFiles.length} images for ${warmup + runs} encodes: repeats find their cloud layout cached`);
    }
    const hoverRuns: HoverRun[] = [];
    await page.mouse.move(0, 0);
    for (let i = 0; i < hovers; i++) {
      await hoverPatch(page, i);
      hoverRuns.push((await nextMeasure(page, 'lexvla:hover', i + 1)) as HoverRun);
    }
    const summary = summarize(images, hoverRuns);
    printSummary(summary, bundle, io, { warmup, first, firstAfter });
    return 0;
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The served app on `bundle` with WASM forced, once it has loaded (or failed, which throws); `query` adds URL parameters. */
export async function openBenchPage(browser: Browser, port: number, server: ChildProcess, bundle: string, query = ''): Promise<Page> {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(base + '/', server);
  const page = await browser.newPage({ baseURL: base, viewport: { width: 1280, height: 900 } });
  await page.goto(`/?bundle=${encodeURIComponent(bundle)}&backend=wasm${query}`);
  await page.waitForFunction(() => document.body.dataset.phase !== 'loading', null, { timeout: 300_000 });
  const fatal = await page.locator('.fatal-text').textContent({ timeout: 100 }).catch(() => null);
  if (fatal) throw new Error(`the page could not load ${bundle}: ${fatal}`);
  return page;
}

export function count(v: unknown, fallback: number, name: string, min = 1): number {
  const n = (v as number | undefined) ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} is ${n}, expected an integer >= ${min}`);
  return n;
}

/** The PNG, JPEG and GIF files of a folder, by name. */
async function imagesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => {
    throw new UsageError(`--images ${dir}: no such folder`);
  });
  const files = names.filter((n) => /\.(png|jpe?g|gif)$/i.test(n) && !/\.mask\.png$/i.test(n)).sort().map((n) => join(dir, n));
  if (files.length === 0) throw new UsageError(`--images ${dir}: no .png, .jpg or .gif file there`);
  return files;
}

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

async function writeImage(dir: string, run: number): Promise<string> {
  const file = join(dir, `bench-${run}.png`);
  await writeFile(file, syntheticPng(run));
  return file;
}

/** Waits for the n-th entry of a page measure and returns its detail. */
export async function nextMeasure(page: Page, name: string, n: number): Promise<unknown> {
  const handle = await page.waitForFunction(
    ([name, n]) => {
      const all = performance.getEntriesByName(name as string, 'measure') as PerformanceMeasure[];
      return all.length >= (n as number) ? all[(n as number) - 1].detail : null;
    },
    [name, n] as const,
    { timeout: 120_000, polling: 'raf' },
  );
  return handle.jsonValue();
}

/** Moves the pointer onto the centre of a patch that differs from the previous one. */
async function hoverPatch(page: Page, i: number): Promise<void> {
  const grid = page.getByRole('application', { name: /^Patch grid/ });
  const label = (await grid.getAttribute('aria-label')) ?? '';
  const [rows, cols] = (label.match(/(\d+) by (\d+)/)?.slice(1) ?? ['1', '1']).map(Number);
  if (i === 0) await grid.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await grid.boundingBox();
  if (!box) throw new Error('the patch grid is not visible');
  // A stride coprime with the patch count visits distinct patches, spread over the image.
  const index = (i * 37 + 5) % (rows * cols);
  const [r, c] = [Math.floor(index / cols), index % cols];
  await page.mouse.move(box.x + ((c + 0.5) * box.width) / cols, box.y + ((r + 0.5) * box.height) / rows);
}

function printSummary(s: BenchSummary, bundle: string, io: Io, cold: { warmup: number; first: ImageRun; firstAfter: number }): void {
  const f = (x: number) => x.toFixed(1).padStart(9);
  const warm = cold.warmup > 0 ? `, after ${cold.warmup} unmeasured` : '';
  io.out(`Image chosen -> global cloud painted (median of ${s.runs} runs${warm}, ms), ${bundle}, WASM:`);
  io.out(STAGES.map((k) => k.padStart(12)).join(''));
  io.out(STAGES.map((k) => f(s.medianMs[k]).padStart(12)).join(''));
  const c = cold.first;
  io.out(`  first image, chosen ${cold.firstAfter} ms after the load: total ${c.total.toFixed(1)} ms, inference ${c.worker.inference.toFixed(1)} ms, overhead ${(((c.total - c.worker.inference) / c.worker.inference) * 100).toFixed(1)}%`);
  if (s.settledMedianMs !== null) io.out(`  chosen -> the ranked table beside the cloud painted too: median ${s.settledMedianMs.toFixed(1)} ms`);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  io.out(`overhead (total - inference) / inference: ${pct(s.overheadRatio)} (target <= ${pct(TARGETS.overheadRatio)}: ${s.targets.overheadMet ? 'met' : 'NOT met'})`);
  if (s.placeMedianMs !== null) io.out(`  of which, median: measuring and placing the global cloud's words ${s.placeMedianMs.toFixed(1)} ms (within layout)`);
  const hv = s.hoverMs;
  io.out(`hover -> patch cloud painted (${s.hovers} hovers): median ${hv.median.toFixed(1)} ms, p95 ${hv.p95.toFixed(1)} ms (target p95 <= ${TARGETS.hoverP95Ms} ms: ${s.targets.hoverMet ? 'met' : 'NOT met'})`);
  const place = hv.placeMedian === null ? '' : ` (measuring and placing ${hv.placeMedian.toFixed(1)} ms)`;
  io.out(`  of which, medians: pointer -> words from the worker ${hv.wordsMedian.toFixed(1)} ms, -> cloud painted ${hv.layoutMedian.toFixed(1)} ms${place}`);
  const slow = s.slowestHovers.map((h) => `#${h.n} ${h.total.toFixed(0)} ms (words ${h.words.toFixed(0)}, painted ${h.layout.toFixed(0)})`).join(', ');
  io.out(`  slowest hovers: ${slow}`);
  io.out(JSON.stringify({ bench: 'lexvla', bundle, backend: 'wasm', warmup: cold.warmup, firstAfter: cold.firstAfter, first: cold.first, ...s }));
}
