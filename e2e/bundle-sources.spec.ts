/**
 * Where a bundle comes from: a .zip picked by the user, a ?bundle= URL (with download progress),
 * the browser cache that keeps both, and "Clear cache". Also the "no bundle here" message for a
 * URL the server answers with its HTML page.
 */
import { expect, test } from '@playwright/test';
import { BUNDLE_NAME, IMAGE_RB, fixture, openApp, uploadImage, waitReady, wordsAt } from './helpers';

const cacheSummary = (page: import('@playwright/test').Page) => page.locator('.cache-list summary');

test('a bundle loaded from ?bundle= shows download progress, is cached, and "Clear cache" empties the cache', async ({ page }) => {
  // Record the progress element's texts as they appear (the fixture downloads in a blink).
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __progress: string[] }).__progress = []);
    new MutationObserver(() => {
      const p = document.querySelector('.progress[role="status"]');
      if (p && p.textContent && seen.at(-1) !== p.textContent) seen.push(p.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await openApp(page);
  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  // The model file's bytes, counted up to its size (1,284 bytes), then gone when loaded.
  expect(progress).toContain('vision.onnx: 0.0013 MB of 0.0013 MB');
  expect(progress.every((t) => t === 'Loading the model…' || /^vision\.onnx: [\d.]+ MB of 0\.0013 MB$/.test(t))).toBe(true);
  await expect(page.locator('.progress')).toHaveCount(0);
  await page.locator('.cache-list summary').click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
  await expect(page.locator('.cache-list li')).toHaveCount(1);
  await expect(page.locator('.cache-list li button')).toHaveText(BUNDLE_NAME);
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (0)');
  await expect(page.getByRole('status').filter({ hasText: 'Cleared the bundle cache.' })).toBeVisible();
  // Opening the page again loads the bundle from its URL again, which stores it again.
  await page.reload();
  await expect(page.getByTestId('model-name')).toHaveText(BUNDLE_NAME);
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
});

test('a bundle loaded from a .zip works and is cached beside the URL one; a cached bundle loads offline', async ({ page }) => {
  await openApp(page);
  await cacheSummary(page).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
  await page.getByLabel('Load bundle zip').setInputFiles(fixture('color-bundle.zip'));
  await expect(cacheSummary(page)).toHaveText('Cached bundles (2)');
  await uploadImage(page, IMAGE_RB);
  expect((await wordsAt(page, 0, 0))[0].word).toBe('red');
  // The entry of the model in use is disabled; the other one (the URL bundle) loads from the cache.
  const entries = page.locator('.cache-list li button');
  await expect(entries).toHaveCount(2);
  await expect(entries.and(page.locator(':disabled'))).toHaveCount(1);
  await page.context().setOffline(true);
  await entries.and(page.locator(':enabled')).click();
  await expect(page.locator('.model-info .badge', { hasText: 'from cache' })).toBeVisible();
  await waitReady(page);
  await uploadImage(page, IMAGE_RB);
  expect((await wordsAt(page, 15, 15))[0].word).toBe('blue');
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (0)');
});

test('a bundle URL that the server answers with its HTML page says "no bundle here"', async ({ page }) => {
  await page.goto('/?bundle=/models/no-such-bundle/');
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'error');
  await expect(page.locator('.fatal-text')).toHaveText(
    /^http:\/\/127\.0\.0\.1:\d+\/models\/no-such-bundle\/ is not a valid bundle \(1 problem\):\n- http:\/\/127\.0\.0\.1:\d+\/models\/no-such-bundle\/manifest\.json: no bundle here \(the server answered with an HTML page, not JSON\); check the bundle URL$/,
  );
});

test('a URL bundle that no longer loads: the page offers the copy an earlier visit cached, which works', async ({ page }) => {
  await openApp(page);
  await cacheSummary(page).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
  // The next visit: the server no longer has the bundle.
  await page.route(/\/models\/color-fixture\/manifest\.json$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'error');
  const fatal = page.locator('.fatal');
  await expect(fatal.locator('.fatal-text')).toContainText('manifest.json');
  await expect(fatal).toContainText(`A copy of this bundle from an earlier visit is in the browser's cache (${BUNDLE_NAME}, `);
  await fatal.getByRole('button', { name: 'Load the cached copy' }).click();
  await waitReady(page);
  await expect(page.locator('.model-info .badge', { hasText: 'from cache' })).toBeVisible();
  await expect(fatal).toHaveCount(0);
  await uploadImage(page, IMAGE_RB);
  expect((await wordsAt(page, 0, 0))[0].word).toBe('red');
});
