/**
 * Whole-session properties: the page is cross-origin isolated, nothing is fetched from outside
 * the app's origin, and a crashed worker is replaced and the session restored.
 */
import { expect, test } from '@playwright/test';
import {
  BUNDLE_NAME,
  IMAGE_RB,
  dragPatches,
  fixture,
  globalCloud,
  openApp,
  settledWords,
  uploadImage,
  waitReady,
  wordsAt,
} from './helpers';

test('the page is cross-origin isolated (SharedArrayBuffer for multi-threaded WASM)', async ({ page }) => {
  await openApp(page);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

test('model files are served whole and uncompressed, with their length; JSON may be gzipped', async ({ request }) => {
  const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
  const onnx = await request.get('/models/lexvla-tiny/vision.onnx', { headers: gzip });
  expect(onnx.status()).toBe(200);
  expect(onnx.headers()['content-encoding']).toBeUndefined();
  expect(Number(onnx.headers()['content-length'])).toBe((await onnx.body()).length);
  // The server still compresses text: the exemption is for model files only.
  const vocab = await request.get('/models/lexvla-tiny/vocab.json', { headers: gzip });
  expect(vocab.headers()['content-encoding']).toBe('gzip');
});

test('no request leaves the origin during a full session', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  // Workers' fetches (the model files, ORT's .wasm) are reported on the page too; record them all.
  page.context().on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await uploadImage(page, IMAGE_RB);
  await settledWords(page, 'Global words');
  await wordsAt(page, 4, 4);
  await dragPatches(page, [2, 2], [12, 12]);
  await settledWords(page, 'Patch words');
  await globalCloud(page).locator('text', { hasText: /^blue/ }).click();
  await expect(page.locator('.legend-word')).toHaveText('blue');
  await page.getByRole('region', { name: 'Sparsity' }).getByRole('spinbutton', { name: 'Threshold' }).fill('0.5');
  await expect(page.getByTestId('active-global')).toHaveText('2');
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').first().click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).not.toHaveText(/^red-left-blue-right/);
  await waitReady(page);
  await page.getByLabel('Load bundle zip').setInputFiles(fixture('color-bundle.zip'));
  await expect(page.locator('.cache-list summary')).toHaveText('Cached bundles (2)');
  // Loading by URL replaces the model: the model card shows the URL bundle's key again.
  await page.getByLabel('Bundle URL').fill('/models/color-fixture/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText('The whole image');
  await waitReady(page);
  await uploadImage(page, IMAGE_RB);
  await wordsAt(page, 8, 8);

  const origin = `${baseURL}/`;
  expect(requests.length).toBeGreaterThan(10);
  // The model and ORT's runtime came from here too (not from a CDN).
  expect(requests.some((u) => u.endsWith('/models/color-fixture/vision.onnx'))).toBe(true);
  expect(requests.some((u) => /\/assets\/ort-wasm[^/]*\.wasm$/.test(u))).toBe(true);
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
});

test('a worker crash during an encode: the worker restarts, reloads the model and encodes the new image, words still work', async ({ page }) => {
  await openApp(page);
  await uploadImage(page, IMAGE_RB);
  // Crash as soon as the next encode starts (the phase marker turns "loading").
  await page.evaluate(() => {
    new MutationObserver((_, obs) => {
      if (document.body.dataset.phase !== 'loading') return;
      obs.disconnect();
      window.__lexvla!.crashWorker();
    }).observe(document.body, { attributes: true, attributeFilter: ['data-phase'] });
  });
  await page.getByLabel('Upload image').setInputFiles(fixture('images/red-square-on-blue.png'));
  await expect(page.getByRole('status').filter({ hasText: 'The inference worker stopped' })).toHaveText(
    `The inference worker stopped (the inference worker was terminated) — restarted it and reloaded ${BUNDLE_NAME}.×`,
  );
  await waitReady(page);
  // The encode that was running is replayed in the new worker: the image the user chose arrives, nothing is lost.
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^red-square-on-blue\.png: /);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect((await settledWords(page, 'Global words')).slice(0, 2).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  await expect(page.getByTestId('model-name')).toHaveText(BUNDLE_NAME);
  // A red square on blue: blue in the corner, red in the middle.
  expect((await wordsAt(page, 1, 1))[0].word).toBe('blue');
  expect((await wordsAt(page, 8, 8))[0].word).toBe('red');
});
