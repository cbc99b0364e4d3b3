/**
 * The built app on a plain static server that sends no COOP/COEP headers (here Python's
 * http.server; GitHub Pages or a bucket behave alike): the service-worker fallback
 * (coi-serviceworker, vite.config.ts) makes the page cross-origin isolated, so onnxruntime-web
 * runs multi-threaded; without service workers the page still works, on one thread, and says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { freePort, waitForHttp } from '../cli/bench-page';
import { IMAGE_RB, settledWords, wordsAt } from './helpers';

const DIST = process.env.E2E_DIST ?? 'dist';
let server: ChildProcess;
let base = '';

test.beforeAll(async () => {
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/`, server);
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
  const { headers } = await fetch(`${base}/`);
  expect(headers.get('cross-origin-opener-policy')).toBeNull();
  expect(headers.get('cross-origin-embedder-policy')).toBeNull();
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
