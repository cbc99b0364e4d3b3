/**
 * The built app on a plain static server that sends no COOP/COEP headers (here Python's
 * http.server; GitHub Pages or a bucket behave alike): the service-worker fallback
 * (coi-serviceworker, vite.config.ts) makes the page cross-origin isolated, so onnxruntime-web
 * runs multi-threaded; without service workers the page still works, on one thread, and says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { IMAGE_RB, settledWords, wordsAt } from './helpers';

const DIST = process.env.E2E_DIST ?? 'dist';
let server: ChildProcess;
let base = '';

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** The response headers of one GET, lower-cased names. */
function headersOf(url: string): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    get(url, (res) => {
      res.resume();
      ok(res.headers);
    }).once('error', fail);
  });
}

test.beforeAll(async () => {
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await headersOf(`${base}/`).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`python3 -m http.server did not answer on ${base}`);
});

test.afterAll(() => {
  server?.kill();
});

async function openAndEncode(page: Page): Promise<void> {
  await page.goto(`${base}/?bundle=/models/color-fixture/&backend=wasm`);
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('model-name')).toBeVisible();
  await page.getByLabel('Upload image').setInputFiles(IMAGE_RB);
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^red-left-blue-right\.png: /);
  expect((await settledWords(page, 'Global words')).map((w) => w.word).slice(0, 2).sort()).toEqual(['blue', 'red']);
  expect((await wordsAt(page, 5, 3))[0].word).toBe('red');
}

test('on a server without COOP/COEP headers the service worker isolates the page: WASM on several threads', async ({ page }) => {
  const headers = await headersOf(`${base}/`);
  expect(headers['cross-origin-opener-policy']).toBeUndefined();
  expect(headers['cross-origin-embedder-policy']).toBeUndefined();
  await openAndEncode(page);
  // The first visit registers the worker and reloads once; the page that runs is isolated.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const threads = await page.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency)));
  await expect(page.getByTestId('runtime')).toHaveText(new RegExp(`\\(WASM build, ${threads} threads?\\)$`));
});

test('without service workers the page runs on one thread and says why', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await openAndEncode(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('runtime')).toHaveText(/\(WASM build, 1 thread: the page is not cross-origin isolated\)$/);
  } finally {
    await context.close();
  }
});
