/**
 * `lexvla bench-load`: page opened -> model ready, in headless Chromium, for one or more builds
 * side by side. Each run starts a fresh browser on a new profile (no HTTP cache, no compiled-code
 * cache, no cached bundle: a first visit), opens the app on a bundle and reads `performance.now()` when
 * `document.body.dataset.phase` turns "ready" (milliseconds since the navigation started); then,
 * once the app has stored its copy of the bundle, it reloads the page in the same browser and
 * measures again (a repeat visit). Builds are
 * visited in turn, run after run, so a noisy machine slows all of them alike; the summary gives
 * each build's medians and their ratio to the first build's.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { count, parseArgs, UsageError } from './args';
import { CHROMIUM_ARGS, freePort, startPreview, waitForHttp } from './bench-page';
import { median } from './bench-stats';
import type { Io } from './commands';

const BENCH_LOAD_USAGE =
  'lexvla bench-load [--dist dist[,other-dist...]] [--bundle /models/lexvla-tiny/] [--backend wasm|webgpu|auto] [--runs 5] [--mbps N] [--chromium /usr/bin/chromium]';

interface LoadRun {
  first: number;
  repeat: number;
}

export async function benchLoadCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { dist: 'string', bundle: 'string', backend: 'string', runs: 'number', mbps: 'number', chromium: 'string' });
  if (p.positional.length > 0) throw new UsageError(`bench-load takes no positional arguments, found "${p.positional[0]}"\nusage: ${BENCH_LOAD_USAGE}`);
  const dists = ((p.flags.dist as string | undefined) ?? 'dist').split(',').filter((d) => d !== '');
  const bundle = (p.flags.bundle as string | undefined) ?? '/models/lexvla-tiny/';
  const backend = (p.flags.backend as string | undefined) ?? 'wasm';
  if (!['wasm', 'webgpu', 'auto'].includes(backend)) throw new UsageError(`--backend is "${backend}", expected wasm, webgpu or auto`);
  const runs = count(p.flags.runs, 5, 'runs');
  // A link slower than the loopback to the preview server: Chromium's own network emulation
  // (DevTools protocol), N megabits/s down, 20 ms latency. Unset: no throttling.
  const mbps = p.flags.mbps as number | undefined;
  if (mbps !== undefined && !(Number.isFinite(mbps) && mbps > 0)) throw new UsageError(`--mbps is ${mbps}, expected a positive number of megabits per second`);
  const executablePath = (p.flags.chromium as string | undefined) ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  for (const d of dists) {
    if (!existsSync(join(d, 'index.html'))) throw new Error(`${join(d, 'index.html')} is missing: bench-load measures a production build; run \`npx vite build --outDir ${d}\` first`);
  }
  if (!existsSync(executablePath)) throw new Error(`${executablePath}: no Chromium there; install Debian's chromium or pass --chromium <path>`);

  const servers = await Promise.all(
    dists.map(async (dist) => {
      const port = await freePort();
      return { dist, port, server: startPreview(port, dist), runs: [] as LoadRun[] };
    }),
  );
  try {
    for (const s of servers) await waitForHttp(`http://127.0.0.1:${s.port}/`, s.server);
    io.err(`bench-load: ${bundle} on ${backend}${mbps !== undefined ? `, network ${mbps} Mbit/s` : ''}, ${runs} runs per build: ${dists.join(', ')}`);
    for (let r = 0; r < runs; r++) {
      for (const s of servers) {
        // A fresh profile on disk per run, as a first-time visitor has: browser.newPage() would
        // give an incognito context, whose small in-memory HTTP cache keeps no file of several MB
        // (onnxruntime's 14 MB .wasm was downloaded again on every reload), unlike a real profile.
        const profile = mkdtempSync(join(tmpdir(), 'lexvla-bench-load-'));
        const browser = await chromium.launchPersistentContext(profile, {
          executablePath,
          args: CHROMIUM_ARGS,
          baseURL: `http://127.0.0.1:${s.port}`,
          viewport: { width: 1280, height: 900 },
        });
        try {
          const page = browser.pages()[0] ?? (await browser.newPage());
          if (mbps !== undefined) {
            const cdp = await page.context().newCDPSession(page);
            await cdp.send('Network.enable');
            const bytesPerS = (mbps * 1e6) / 8;
            await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: bytesPerS, uploadThroughput: bytesPerS });
          }
          await page.goto(`/?bundle=${encodeURIComponent(bundle)}&backend=${backend}`);
          const first = await readyAt(page, s.dist);
          // A visitor comes back later: after the first visit's copy of the bundle is stored.
          await storedCopy(page);
          await page.reload();
          const repeat = await readyAt(page, s.dist);
          s.runs.push({ first, repeat });
          io.err(`  run ${r + 1}, ${s.dist}: ready at ${first.toFixed(0)} ms, on a reload ${repeat.toFixed(0)} ms`);
        } finally {
          await browser.close();
          rmSync(profile, { recursive: true, force: true });
        }
      }
    }
  } finally {
    for (const s of servers) s.server.kill('SIGTERM');
  }

  const summary = servers.map((s) => ({
    dist: s.dist,
    first: s.runs.map((r) => r.first),
    repeat: s.runs.map((r) => r.repeat),
    firstMedian: median(s.runs.map((r) => r.first)),
    repeatMedian: median(s.runs.map((r) => r.repeat)),
  }));
  const base = summary[0];
  io.out(`Page opened -> model ready (${bundle}, ${backend}${mbps !== undefined ? `, ${mbps} Mbit/s` : ''}; median of ${runs} runs, ms; ratio to ${base.dist}):`);
  for (const s of summary) {
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
    io.out(
      `  ${s.dist}: first visit ${s.firstMedian.toFixed(0)} [${range(s.first)}] (x${(s.firstMedian / base.firstMedian).toFixed(2)}), ` +
        `reload ${s.repeatMedian.toFixed(0)} [${range(s.repeat)}] (x${(s.repeatMedian / base.repeatMedian).toFixed(2)})`,
    );
  }
  io.out(JSON.stringify({ bench: 'lexvla-load', bundle, backend, mbps: mbps ?? null, runs, builds: summary }));
  return 0;
}

/**
 * Waits until the app's bundle cache (src/worker/bundle-cache.ts: Cache Storage 'lexvla-bundles',
 * its index written last) lists a bundle; gives up after 60 s (a build that does not cache).
 */
async function storedCopy(page: Page): Promise<void> {
  // Polled with evaluate: waitForFunction takes an async predicate's promise itself as truthy.
  const listed = () =>
    page.evaluate(async () => {
      const res = await (await caches.open('lexvla-bundles')).match('/__lexvla-cache__/index.json');
      return res !== undefined && ((await res.json()) as unknown[]).length > 0;
    });
  for (const end = Date.now() + 60_000; Date.now() < end && !(await listed()); ) await new Promise((r) => setTimeout(r, 200));
}

/** ms from the navigation's start to phase "ready"; a load that fails throws with the page's message. */
async function readyAt(page: Page, dist: string): Promise<number> {
  await page.waitForFunction(() => document.body.dataset.phase !== 'loading', null, { timeout: 300_000, polling: 'raf' });
  const phase = await page.evaluate(() => document.body.dataset.phase);
  if (phase !== 'ready') {
    const fatal = await page.locator('.fatal-text').textContent({ timeout: 100 }).catch(() => null);
    throw new Error(`${dist}: the page did not load (phase "${phase}")${fatal ? `: ${fatal}` : ''}`);
  }
  return page.evaluate(() => performance.now());
}
