/**
 * `lexvla bench-variants`: a bundle's vision graphs (the exact one and its variants, manifest
 * `vision.variants`) side by side. In headless Chromium (WASM), for each round and each graph in
 * turn, a fresh browser opens the production build on the bundle with `?variant=`, encodes
 * `--warmup` + `--runs` distinct images and reads the page's own measures (src/app/perf.ts) and
 * the CPU time the browser's processes used for each image, while they are sampled for peak
 * memory (cli/proc-usage.ts). Then, in Node, on
 * onnxruntime-web's WebAssembly build (the page's kernels), every graph encodes the bundle's first
 * `--images` evaluation images and its words are compared with the exact graph's: the global
 * top-N list and each patch's PatchDis label (cli/variant-agreement.ts). With `--baseline-dist`,
 * the build before's exact graph takes its turn in every round too, and every graph is set against
 * it. Each browser has a fresh profile on disk, as a person's has (`--incognito`: Playwright's
 * off-the-record contexts, which keep the offline copy in the browser process's memory). Builds
 * nothing.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { validateManifest } from '../src/bundle/validate-manifest';
import { visionGraphs } from '../src/bundle/vision-graphs';
import { syntheticPng } from '../src/image/synthetic';
import { count, parseArgs, UsageError } from './args';
import { BENCH_VIEWPORT, CHROMIUM_ARGS, freePort, nextMeasure, openBenchPage, startPreview } from './bench-page';
import type { ImageRun } from './bench-stats';
import { agreement, summarizeVariants, variantLines, type Agreement, type GraphWords, type VariantRuns } from './bench-variants-stats';
import type { Io } from './commands';
import { cpuMs, watchPeak } from './proc-usage';
import { bundleEvalSet, graphWords } from './variant-agreement';

const USAGE =
  'lexvla bench-variants [--bundle /models/lexvla-b14-shape/] [--dist dist] [--baseline-dist <dir>] [--variants exact,int8] [--rounds 2] [--runs 3] [--warmup 1] [--images 50] [--top 20] [--threads 2] [--no-agreement] [--incognito] [--memory-log <file>] [--chromium /usr/bin/chromium]';

/** How long to wait for the page to store the bundle for offline use before the images (ms). */
const STORE_WAIT_MS = 180_000;

export async function benchVariantsCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, {
    bundle: 'string', dist: 'string', 'baseline-dist': 'string', variants: 'string', rounds: 'number', runs: 'number', warmup: 'number',
    images: 'number', top: 'number', threads: 'number', 'no-agreement': 'boolean', incognito: 'boolean', chromium: 'string', 'memory-log': 'string',
  });
  if (p.positional.length > 0) throw new UsageError(`bench-variants takes no positional arguments, found "${p.positional[0]}"\nusage: ${USAGE}`);
  const bundle = (p.flags.bundle as string | undefined) ?? '/models/lexvla-b14-shape/';
  const dist = (p.flags.dist as string | undefined) ?? 'dist';
  // The build before, whose exact graph takes its turn in every round: the same bundle path in
  // that build (it may link the bundle as that build's export wrote it).
  const baselineDist = p.flags['baseline-dist'] as string | undefined;
  const rounds = count(p.flags.rounds, 2, 'rounds');
  const runs = count(p.flags.runs, 3, 'runs');
  const warmup = count(p.flags.warmup, 1, 'warmup', 0);
  const images = count(p.flags.images, 50, 'images');
  const topN = count(p.flags.top, 20, 'top');
  // The page's thread count on this machine: its cores, up to 4 (src/model/ort-web.ts).
  const threads = count(p.flags.threads, 2, 'threads');
  const executablePath = (p.flags.chromium as string | undefined) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // A fresh profile on disk per round, as a person's browser has; --incognito: Playwright's own
  // contexts, off the record, whose Cache Storage (the offline copy) lives in the browser process.
  const incognito = p.flags.incognito === true;
  const dir = join(dist, bundle);
  // Every memory sample and page event, one JSON line each: where in a round the peak falls.
  const memoryLog = p.flags['memory-log'] as string | undefined;
  const log = memoryLog ? (line: object) => appendFileSync(memoryLog, JSON.stringify({ t: Math.round(performance.now()), ...line }) + '\n') : undefined;
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${join(dist, 'index.html')} is missing: run \`npx vite build --outDir ${dist}\` first`);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${join(dir, 'manifest.json')} is missing: the bundle must be served by the build (copy or link it to ${dir})`);
  if (baselineDist && !existsSync(join(baselineDist, 'index.html'))) {
    throw new Error(`${join(baselineDist, 'index.html')} is missing: --baseline-dist must be a build (\`npx vite build --outDir ${baselineDist}\`)`);
  }
  if (baselineDist && !existsSync(join(baselineDist, bundle, 'manifest.json'))) {
    throw new Error(`${join(baselineDist, bundle, 'manifest.json')} is missing: the baseline build must serve the bundle too`);
  }
  if (!existsSync(executablePath)) throw new Error(`${executablePath}: no Chromium there; install Debian's chromium or pass --chromium <path>`);
  const { manifest, issues } = validateManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
  if (!manifest) throw new Error(`${join(dir, 'manifest.json')}: ${issues[0]?.message ?? 'not a valid manifest'} (run \`lexvla validate ${dir}\`)`);
  const offered = visionGraphs(manifest).map((g) => g.name);
  const names = (p.flags.variants as string | undefined)?.split(',').filter((s) => s !== '') ?? offered;
  for (const n of names) if (!offered.includes(n)) throw new UsageError(`--variants names "${n}", expected graphs of ${bundle}: ${offered.join(', ')}`);
  if (!names.includes('exact')) throw new UsageError('--variants must include "exact": every figure is relative to it');

  const empty = (name: string): VariantRuns => ({ name, inference: [], firstInference: [], total: [], cpu: [], peakPss: [], peakRendererRss: [], peakByType: [] });
  const results = new Map<string, VariantRuns>(names.map((n) => [n, empty(n)]));
  const before = empty('exact');
  const port = await freePort();
  const server = startPreview(port, dist);
  const basePort = baselineDist ? await freePort() : 0;
  const baseServer = baselineDist ? startPreview(basePort, baselineDist) : null;
  const tmp = await mkdtemp(join(tmpdir(), 'lexvla-bench-variants-'));
  try {
    io.err(`bench-variants: ${bundle}, graphs ${names.join(', ')}${baselineDist ? ` and the exact graph of ${baselineDist}` : ''}; ${rounds} rounds of ${warmup} + ${runs} images each, a fresh browser per graph and round`);
    for (let round = 0; round < rounds; round++) {
      // Taking turns, round after round: a machine shared with other jobs slows both alike.
      const turns = [...names.map((name) => ({ name, label: name, port, server, acc: results.get(name)! })),
        ...(baseServer ? [{ name: 'exact', label: 'before', port: basePort, server: baseServer, acc: before }] : [])];
      for (const { name, label, port, server, acc } of turns) {
        const r = await browserRound(executablePath, port, server, bundle, name, round, warmup, runs, tmp, incognito, log && ((e) => log({ round, graph: label, ...e })));
        acc.inference.push(...r.images.map((i) => i.worker.inference));
        if (warmup > 0) acc.firstInference!.push(r.first.worker.inference);
        acc.total.push(...r.images.map((i) => i.total));
        acc.cpu.push(...r.cpu);
        acc.peakPss.push(r.peak.pss);
        acc.peakRendererRss.push(r.peak.rendererRss);
        acc.peakByType!.push(r.peak.byType);
        const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        io.err(`  round ${round + 1}, ${label}: inference ${med(r.images.map((i) => i.worker.inference)).toFixed(0)} ms, CPU ${med(r.cpu).toFixed(0)} ms per image (medians of ${r.images.length}), peak ${(r.peak.pss / 1e9).toFixed(2)} GB`);
      }
    }
  } finally {
    server.kill('SIGTERM');
    baseServer?.kill('SIGTERM');
    await rm(tmp, { recursive: true, force: true });
  }
  const summary = summarizeVariants([...results.values()]);
  const baseline = baselineDist ? summarizeVariants([before])[0] : undefined;

  const agree = new Map<string, Agreement>();
  let runtime = '';
  if (!p.flags['no-agreement']) {
    if (!manifest.eval) throw new Error(`${bundle}: no evaluation set (manifest eval), expected one to compare the graphs' words on; or pass --no-agreement`);
    const set = await bundleEvalSet(dir, manifest.eval.dir);
    const n = Math.min(images, set.evalSet.items.length);
    if (n < images) io.err(`bench-variants: the evaluation set has ${set.evalSet.items.length} images, fewer than --images ${images}`);
    const words = new Map<string, GraphWords>();
    let classes;
    for (const name of names) {
      const started = performance.now();
      const r = await graphWords(dir, name, set, n, topN, threads, (done) => {
        if (done % 10 === 0) io.err(`  agreement, ${name}: ${done} of ${n} images`);
      }, classes);
      classes = r.classes;
      runtime = r.runtime;
      words.set(name, r.words);
      io.err(`  agreement, ${name}: ${n} images in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    for (const name of names) agree.set(name, agreement(words.get('exact')!, words.get(name)!, topN));
  }

  io.out(`Vision graphs of ${bundle} (${manifest.name}), headless Chromium, WASM; ${rounds} rounds, medians of ${runs} images per round after ${warmup}:`);
  for (const line of variantLines(summary, agree, baseline)) io.out(line);
  io.out(`(${incognito ? 'off-the-record contexts' : 'a fresh profile on disk per round'}; CPU: user + system time of the browser's processes from image chosen to cloud painted, /proc; peak memory: their summed PSS, sampled every 100 ms from launch to the last image${runtime ? `; words compared on ${runtime}` : ''})`);
  io.out(JSON.stringify({ bench: 'lexvla-variants', bundle, incognito, rounds, runs, warmup, summary, baseline: baseline ? { dist: baselineDist, ...baseline } : null, agreement: Object.fromEntries(agree), runtime }));
  return 0;
}

/** One graph in a fresh browser: load, store, `warmup` + `runs` images; the measured images and the memory peak. */
async function browserRound(
  executablePath: string, port: number, server: ReturnType<typeof startPreview>, bundle: string, name: string,
  round: number, warmup: number, runs: number, tmp: string, incognito: boolean, log?: (event: object) => void,
) {
  const browser = incognito
    ? await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
    : await chromium.launchPersistentContext(await mkdtemp(join(tmp, `profile-${round}-${name}-`)), { executablePath, args: CHROMIUM_ARGS, viewport: BENCH_VIEWPORT });
  // One browser at a time runs under this process (the previous round's is closed): its tree is this browser's.
  const watch = watchPeak(process.pid, 100, log && ((s) => log({ pssMB: Math.round(s.pss / 1e6), byTypeMB: Object.fromEntries(Object.entries(s.byType).map(([k, v]) => [k, Math.round(v / 1e6)])) })));
  try {
    const page = await openBenchPage(browser, port, server, bundle, `&variant=${encodeURIComponent(name)}`);
    log?.({ event: 'ready' });
    const ran = (await page.getByTestId('vision-graph').textContent())?.trim();
    if (ran !== name) throw new Error(`the page runs the vision graph "${ran}", asked for "${name}"`);
    await storedOrTimeout(page);
    log?.({ event: 'stored' });
    const all: ImageRun[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      // Distinct images across rounds and graphs' turns: the same seed set for every graph.
      const file = join(tmp, `variants-${round}-${i}.png`);
      await writeFile(file, syntheticPng(1000 * (round + 1) + i));
      const before = await cpuMs(process.pid);
      await page.getByLabel('Upload image').setInputFiles(file);
      all.push((await nextMeasure(page, 'lexvla:image', i + 1)) as ImageRun);
      cpu.push((await cpuMs(process.pid)) - before);
      log?.({ event: `image ${i + 1}` });
    }
    return { first: all[0], images: all.slice(warmup), cpu: cpu.slice(warmup), peak: await watch.stop() };
  } finally {
    await watch.stop();
    await browser.close();
  }
}

/**
 * Waits until the page has stored the bundle for offline use (its "Cached bundles" count turns 1),
 * so that the store's reads do not overlap the measured images; gives up after STORE_WAIT_MS
 * (a browser that cannot store, e.g. over its quota, measures with the store still running).
 */
async function storedOrTimeout(page: Page): Promise<void> {
  await page.locator('.cache-list summary', { hasText: 'Cached bundles (1)' }).waitFor({ state: 'attached', timeout: STORE_WAIT_MS }).catch(() => undefined);
}
