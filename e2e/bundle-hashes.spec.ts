/**
 * Content hashes (manifest files[].sha256): a URL bundle that is unchanged on its server loads
 * from the browser's copy on the next visit with only manifest.json fetched; a changed manifest
 * downloads the bundle again; a file whose bytes are not the ones its hash names is refused with
 * a message naming the file, and the model already loaded stays. On the embedded default models,
 * whose manifests pin every file (the training job's exporter writes the hashes).
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { IMAGE_RB, uploadImage, waitReady } from './helpers';

const cacheSummary = (page: Page) => page.locator('.cache-list summary');
const fromCacheBadge = (page: Page) => page.locator('.model-info .badge', { hasText: 'from cache' });

/** Paths under /models/ the page asked for, from now on. */
function recordModelRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/models/')) seen.push(path);
  });
  return seen;
}

/** Opens the app on the default model and waits until its copy is stored in the browser. */
async function firstVisit(page: Page): Promise<void> {
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('lexvla-tiny');
  await cacheSummary(page).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
}

test('the next visit loads an unchanged default model from the stored copy: only manifest.json is fetched', async ({ page }) => {
  test.setTimeout(120_000);
  await firstVisit(page);
  await expect(fromCacheBadge(page)).toHaveCount(0);
  const requests = recordModelRequests(page);
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('lexvla-tiny');
  await expect(fromCacheBadge(page)).toBeVisible();
  await expect(page.getByTestId('cache-note')).toHaveText(
    /^Unchanged at http:\/\/127\.0\.0\.1:\d+\/models\/lexvla-tiny\/ since this browser stored it on \d{4}-\d\d-\d\d \(same manifest, every file pinned by its SHA-256\): loaded from the stored copy, nothing downloaded\.$/,
  );
  expect(requests).toEqual(['/models/lexvla-tiny/manifest.json']);
  // The stored copy works: an image gets its words, and the text side (text.onnx, also from the copy) answers.
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').nth(1).click();
  await waitReady(page);
  await expect(page.getByRole('table', { name: 'Global words: ranked words' }).locator('tbody tr').first()).toBeVisible();
  const query = page.getByLabel('Text query');
  await query.fill('dog');
  await query.press('Enter');
  await expect(page.locator('.query-item[data-query="dog"]')).toHaveAttribute('data-status', 'ready');
  expect(requests).toEqual(['/models/lexvla-tiny/manifest.json']);
});

test('a changed manifest on the server downloads the bundle again, and the new copy is the one reused next', async ({ page }) => {
  test.setTimeout(120_000);
  await firstVisit(page);
  // The server now has another manifest (the description changed; the files did not).
  await page.route(/\/models\/lexvla-tiny\/manifest\.json$/, async (route) => {
    if (route.request().method() !== 'GET') return route.continue(); // the validator's HEAD
    // Without the page's conditional headers (the manifest is revalidated, so it asks with
    // If-None-Match and the server would answer 304 with no body).
    const { 'if-none-match': _etag, 'if-modified-since': _since, ...headers } = route.request().headers();
    const res = await route.fetch({ headers });
    const m = await res.json();
    m.description = `${m.description} (re-released)`;
    await route.fulfill({ response: res, status: 200, body: JSON.stringify(m) });
  });
  const requests = recordModelRequests(page);
  await page.reload();
  await waitReady(page);
  await expect(fromCacheBadge(page)).toHaveCount(0);
  expect(requests).toContain('/models/lexvla-tiny/vision.onnx');
  await expect(page.locator('.model-info')).toContainText('(re-released)');
  await cacheSummary(page).click();
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
  requests.length = 0;
  await page.reload();
  await waitReady(page);
  await expect(fromCacheBadge(page)).toBeVisible();
  await expect(page.locator('.model-info')).toContainText('(re-released)');
  expect(requests).toEqual(['/models/lexvla-tiny/manifest.json']);
});

test('a file whose bytes are not the ones its SHA-256 names is refused by name; the loaded model stays', async ({ page }) => {
  test.setTimeout(120_000);
  await firstVisit(page);
  await uploadImage(page, IMAGE_RB);
  const before = await page.getByRole('table', { name: 'Global words: ranked words' }).locator('tbody tr').allTextContents();
  // The server's clip-tiny/vision.onnx differs from its manifest in its last byte (same size).
  await page.route(/\/models\/clip-tiny\/vision\.onnx$/, async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    body[body.length - 1] ^= 1;
    await route.fulfill({ response: res, body });
  });
  await page.getByLabel('Bundle URL').fill('/models/clip-tiny/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'SHA-256' });
  await expect(alert).toContainText(
    /vision\.onnx: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \(files\[\d+\]\.sha256 in manifest\.json\); the file is not the one the manifest was written for/,
  );
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('lexvla-tiny');
  await expect(page.getByRole('table', { name: 'Global words: ranked words' }).locator('tbody tr')).toHaveText(before);
  // The refused bundle was not stored.
  await expect(cacheSummary(page)).toHaveText('Cached bundles (1)');
});
