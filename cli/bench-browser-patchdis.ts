/**
 * `lexvla bench-patchdis-browser`: text query and PatchDis timings in the production build (headless Chromium,
 * WASM), beside `lexvla bench-patchdis` (onnxruntime-node) run in this same process on the same
 * bundle and evaluation set. Reads the page's own measures: lexvla:query (query submitted ->
 * heatmap painted, src/views/query/QueryPanel.tsx), lexvla:patchdis and lexvla:patchdis-dataset
 * (src/app/perf.ts). Builds nothing; serves --dist with `vite preview` like `lexvla bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { count, parseArgs, UsageError } from './args';
import { CHROMIUM_ARGS, freePort, nextMeasure, openBenchPage, startPreview } from './bench-page';
import { benchPatchdisCommand } from './bench-patchdis';
import { summarizePatchDisBench, type CliFigures, type DatasetRun, type PatchDisBenchSummary, type PatchDisRun, type QueryRun } from './bench-patchdis-stats';
import type { Io } from './commands';

const USAGE = 'lexvla bench-patchdis-browser [--bundle /models/lexvla-tiny/] [--queries 20] [--typing 1000] [--think 0] [--repeat 3] [--dist dist] [--cli-bundle public/models/lexvla-tiny] [--chromium /usr/bin/chromium]';

interface EvalItem {
  image: string;
  mask?: string | null;
}

export async function benchBrowserPatchdisCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { bundle: 'string', queries: 'number', typing: 'number', think: 'number', repeat: 'number', dist: 'string', 'cli-bundle': 'string', chromium: 'string' });
  if (p.positional.length > 0) throw new UsageError(`bench-patchdis-browser takes no positional arguments, found "${p.positional[0]}"\nusage: ${USAGE}`);
  const bundle = (p.flags.bundle as string | undefined) ?? '/models/lexvla-tiny/';
  const nQueries = count(p.flags.queries, 20, 'queries');
  // The first query is typed as a user types it: the field has the focus this long before Enter.
  const typingMs = count(p.flags.typing, 1000, 'typing', 0);
  // The evaluation set chosen -> "Label patches" clicked, as a user reads the page in between
  // (the app computes the class vectors meanwhile). 0: clicked at once.
  const thinkMs = count(p.flags.think, 0, 'think', 0);
  // At least 2: the first PatchDis run computes the class vectors, later runs reuse them.
  const repeat = count(p.flags.repeat, 3, 'repeat', 2);
  const dist = (p.flags.dist as string | undefined) ?? 'dist';
  // The served bundle is public/<bundle> copied into the build: the CLI reads the same files.
  const cliBundle = (p.flags['cli-bundle'] as string | undefined) ?? join('public', bundle.replace(/^\/+|\/+$/g, ''));
  const evalDir = join(cliBundle, 'eval');
  const executablePath = (p.flags.chromium as string | undefined) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${join(dist, 'index.html')} is missing: the benchmark measures the production build; run \`npx vite build --outDir ${dist}\` first`);
  }
  if (!existsSync(executablePath)) throw new Error(`${executablePath}: no Chromium there; install Debian's chromium or pass --chromium <path>`);
  const setFile = join(evalDir, 'evalset.json');
  if (!existsSync(setFile)) throw new Error(`${setFile} is missing: the benchmark needs the bundle's evaluation set (pass --cli-bundle <dir>)`);
  const set = JSON.parse(readFileSync(setFile, 'utf8')) as { name: string; classes: string[]; items: EvalItem[] };
  const item = set.items.find((i) => i.mask);
  if (!item?.mask) throw new Error(`${setFile}: no item has a mask; PatchDis on one image needs one (items[].mask)`);
  if (set.classes.length < nQueries) throw new UsageError(`--queries ${nQueries}: ${setFile} has only ${set.classes.length} classes to use as distinct queries`);

  const port = await freePort();
  const server = startPreview(port, dist);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  let queries: QueryRun[];
  let images: PatchDisRun[];
  let datasets: DatasetRun[];
  let prepared: { ran: number; ms: number; classes: number } | null = null;
  try {
    const page = await openBenchPage(browser, port, server, bundle);
    io.err(`bench-patchdis-browser: ${bundle}, WASM; ${nQueries} queries, ${repeat} PatchDis runs on ${item.image}, ${repeat} runs over ${set.name}`);
    await page.getByLabel('Upload image').setInputFiles(join(evalDir, item.image));
    await nextMeasure(page, 'lexvla:image', 1);
    queries = await runQueries(page, set.classes.slice(0, nQueries), typingMs);
    images = await runImage(page, join(evalDir, item.mask), repeat, thinkMs);
    datasets = await runDataset(page, set.name, repeat);
    // The background preparation of the set's class names (lexvla:classes-prepared, src/state/
    // patchdisSlice.ts), started when the set was chosen; null when the build has none.
    prepared = await page.evaluate(() => {
      const m = performance.getEntriesByName('lexvla:classes-prepared', 'mark')[0] as PerformanceMark | undefined;
      return m ? (m.detail as { ran: number; ms: number; classes: number }) : null;
    });
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  // After the browser has closed, so that the two do not share the cores.
  const cli = await cliFigures(cliBundle, evalDir, repeat);
  const summary = summarizePatchDisBench(queries, images, datasets, cli);
  printSummary(summary, bundle, set.name, io, { typingMs, thinkMs, prepared, first: queries[0] });
  return 0;
}

/** Each query typed and submitted alone (the previous one removed), so every heatmap costs the same. */
async function runQueries(page: Page, texts: string[], typingMs: number): Promise<QueryRun[]> {
  const runs: QueryRun[] = [];
  const input = page.getByLabel('Text query');
  for (const [i, text] of texts.entries()) {
    if (i === 0) {
      await input.focus();
      await page.waitForTimeout(typingMs);
    }
    await input.fill(text);
    await input.press('Enter');
    runs.push((await nextMeasure(page, 'lexvla:query', i + 1)) as QueryRun);
    await page.getByRole('button', { name: `Remove query "${text}"` }).click();
  }
  return runs;
}

/** PatchDis on the open image with all the set's classes and its mask (IoU included). */
async function runImage(page: Page, mask: string, repeat: number, thinkMs: number): Promise<PatchDisRun[]> {
  await page.getByRole('button', { name: "Use the bundle's evaluation set" }).click();
  await page.getByLabel('Evaluation set', { exact: true }).waitFor();
  await page.getByLabel('Ground-truth mask', { exact: true }).setInputFiles(mask);
  if (thinkMs > 0) await page.waitForTimeout(thinkMs);
  const runs: PatchDisRun[] = [];
  for (let i = 0; i < repeat; i++) {
    await page.getByRole('button', { name: 'Label patches' }).click();
    runs.push((await nextMeasure(page, 'lexvla:patchdis', i + 1)) as PatchDisRun);
  }
  return runs;
}

async function runDataset(page: Page, setName: string, repeat: number): Promise<DatasetRun[]> {
  const runs: DatasetRun[] = [];
  for (let i = 0; i < repeat; i++) {
    await page.getByRole('button', { name: `Run PatchDis on ${setName}` }).click();
    runs.push((await nextMeasure(page, 'lexvla:patchdis-dataset', i + 1)) as DatasetRun);
  }
  return runs;
}

/** `lexvla bench-patchdis <bundle> <evalset> --json`, called in this process. */
async function cliFigures(bundleDir: string, evalDir: string, repeat: number): Promise<CliFigures> {
  const out: string[] = [];
  const code = await benchPatchdisCommand([bundleDir, evalDir, '--json', '--repeat', String(repeat)], { out: (s) => out.push(s), err: () => undefined });
  if (code !== 0) throw new Error(`bench-patchdis ${bundleDir} ${evalDir} exited with ${code}`);
  return JSON.parse(out.join('\n')) as CliFigures;
}

function printSummary(s: PatchDisBenchSummary, bundle: string, setName: string, io: Io, first: { typingMs: number; thinkMs: number; prepared: { ran: number; ms: number; classes: number } | null; first: QueryRun }): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const rows: Array<[string, string, string, string]> = [
    ['measure', 'browser (WASM)', `CLI (${s.cli.runtime})`, 'browser / CLI'],
    [`query -> heatmap painted, median (${s.query.runs} queries)`, ms(s.query.medianMs), '', ''],
    ['query -> heatmap painted, p95', ms(s.query.p95Ms), '', ''],
    [`first query (the field focused ${first.typingMs} ms before Enter) -> heatmap painted`, ms(first.first.total), '', ''],
    ['query -> relevance in the worker, median', ms(s.query.workerMedianMs), ms(s.cli.queryToRelevanceMs), s.ratio.queryWorkerMs.toFixed(2)],
    [`PatchDis one image, first run, worker (${s.cli.classes} classes' text vectors computed, but those queried above; IoU)`, ms(s.image.first.workerMs), ms(s.cli.patchdisFirstMs), s.ratio.imageFirstWorkerMs.toFixed(2)],
    [`PatchDis one image, first run, click -> result painted (evaluation set chosen ${first.thinkMs} ms before)`, ms(s.image.first.totalMs), '', ''],
    [
      `class names prepared in the background, worker (${first.prepared ? `text graph run for ${first.prepared.ran} of ${first.prepared.classes}` : 'not in this build'})`,
      first.prepared ? ms(first.prepared.ms) : '-',
      '',
      '',
    ],
    [`PatchDis one image, later runs, worker (text vectors cached)`, ms(s.image.workerMedianMs), ms(s.cli.patchdisPerImageMs), s.ratio.imageWorkerMs.toFixed(2)],
    ['PatchDis one image, later runs, click -> result painted', ms(s.image.medianMs), '', ''],
    [`dataset (${s.dataset.images} images), worker images/s`, s.dataset.workerImagesPerSecond.toFixed(2), s.cli.datasetImagesPerSecond.toFixed(2), s.ratio.datasetWorkerImagesPerSecond.toFixed(2)],
    ['dataset, click -> result painted, images/s', s.dataset.imagesPerSecond.toFixed(2), s.cli.datasetImagesPerSecond.toFixed(2), s.ratio.datasetImagesPerSecond.toFixed(2)],
  ];
  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  io.out(`${bundle} on ${setName}, medians (PatchDis: ${s.image.runs} runs, the first apart; dataset: ${s.dataset.runs} runs each side):`);
  for (const r of rows) io.out(r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  '));
  io.out(JSON.stringify({ bench: 'lexvla-patchdis-browser', bundle, backend: 'wasm', evalSet: setName, typingMs: first.typingMs, thinkMs: first.thinkMs, prepared: first.prepared, firstQuery: first.first, ...s }));
}
