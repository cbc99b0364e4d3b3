/**
 * Retrieval in the Compare view: the same text query over LexVLA-tiny's gallery (inspector's
 * worker) and CLIP-tiny's (second worker), top results side by side;
 * a right-side result opens in the inspector; the second worker's crash is recovered from.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitReady } from './helpers';

/** The gallery size a shipped bundle's manifest states. */
const gallerySize = (name: string): number =>
  (JSON.parse(readFileSync(new URL(`../public/models/${name}/manifest.json`, import.meta.url), 'utf8')) as { gallery: { size: number } }).gallery.size;

/** Opens the Compare view (second bundle loaded) and runs `query` over both galleries. */
async function searchBoth(page: Page, query: string) {
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare', exact: true });
  await expect(panel).toHaveAttribute('data-status', 'ready');
  const search = page.getByRole('region', { name: 'Retrieval on both sides' });
  await search.getByLabel('Compare retrieval query').fill(query);
  await search.getByRole('button', { name: 'Search both' }).click();
  await expect(search).toHaveAttribute('data-status', 'ready');
  return { panel, search };
}

test('the same query over both bundles’ galleries, side by side', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  const { panel, search } = await searchBoth(page, 'a fire truck');

  const left = search.locator('.compare-results[data-side="left"]');
  const right = search.locator('.compare-results[data-side="right"]');
  await expect(left.getByRole('heading')).toHaveText(`lexvla-tiny — lexvla-tiny gallery (${gallerySize('lexvla-tiny')} images)`);
  await expect(right.getByRole('heading')).toHaveText(`clip-tiny — clip-tiny gallery (${gallerySize('clip-tiny')} images)`);
  const leftCards = left.getByRole('list', { name: 'left retrieval results' }).locator('.result-card');
  const rightCards = right.getByRole('list', { name: 'right retrieval results' }).locator('.result-card');
  await expect(leftCards).toHaveCount(6);
  await expect(rightCards).toHaveCount(6);
  for (const cards of [leftCards, rightCards]) {
    const scores = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  }
  // Lexical hits explain themselves with shared words; dense ones cannot.
  await expect(leftCards.first().getByRole('list', { name: 'Why this match' })).toHaveCount(1);
  await expect(rightCards.first().getByRole('list', { name: 'Why this match' })).toHaveCount(0);
  // Thumbnails come from each side's own worker.
  await expect(rightCards.first().locator('img')).toBeVisible();
  await expect(leftCards.first().locator('img')).toBeVisible();

  // A right-side hit opens in the inspector, which both sides then show.
  const item = (await rightCards.first().getAttribute('data-item'))!;
  const name = (await rightCards.first().locator('.result-name').textContent())!;
  expect(item).toMatch(/^test-\d+$/);
  await rightCards.first().getByRole('button', { name: /^Open .* in the inspector$/ }).click();
  // The inspector is hidden behind the Compare tab: read its panel by CSS, not by role.
  await expect(page.locator('section[aria-label="Global words"] .subtitle')).toHaveText(new RegExp(`^${name.replace('.', '\\.')}: `));
  await waitReady(page);
  await expect(panel.locator('[data-side="right"] .preview-canvas')).toBeVisible();
});

test('the Compare view’s worker dies: it is restarted, the second bundle, image and search come back, and results still open', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').first().click();
  await waitReady(page);
  const { panel, search } = await searchBoth(page, 'a fire truck');
  const rightCards = search.getByRole('list', { name: 'right retrieval results' }).locator('.result-card');
  await expect(rightCards).toHaveCount(6);
  const before = await rightCards.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));

  await page.evaluate(() => window.__lexvla!.crashCompareWorker());
  await expect(page.getByRole('status').filter({ hasText: 'Compare view' })).toHaveText(
    "The Compare view's worker stopped (the inference worker was terminated) — restarted it and reloaded clip-tiny.×",
  );
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect(panel.locator('[data-side="right"] .preview-canvas')).toBeVisible();
  await expect(search).toHaveAttribute('data-status', 'ready');
  // The same query over the gallery reopened in the new worker: the same hits, thumbnails from it.
  expect(await rightCards.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(before);
  await expect(rightCards.first().locator('img')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const name = (await rightCards.first().locator('.result-name').textContent())!;
  await rightCards.first().getByRole('button', { name: /^Open .* in the inspector$/ }).click();
  await expect(page.locator('section[aria-label="Global words"] .subtitle')).toHaveText(new RegExp(`^${name.replace('.', '\\.')}: `));
});

test('the inspected image as the query on both sides: similar images, then captions', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').first().click();
  await waitReady(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare', exact: true });
  await expect(panel).toHaveAttribute('data-status', 'ready');
  const search = page.getByRole('region', { name: 'Retrieval on both sides' });
  const cards = (side: 'left' | 'right') => search.getByRole('list', { name: `${side} retrieval results` }).locator('.result-card');

  await search.getByRole('button', { name: 'Similar images to the inspected one, both sides' }).click();
  await expect(search).toHaveAttribute('data-status', 'ready');
  for (const side of ['left', 'right'] as const) {
    await expect(cards(side)).toHaveCount(6);
    const scores = await cards(side).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await expect(cards(side).locator('.result-caption')).toHaveCount(0);
  }

  await search.getByRole('button', { name: 'Captions for it, both sides' }).click();
  await expect(search).toHaveAttribute('data-status', 'ready');
  for (const side of ['left', 'right'] as const) {
    await expect(cards(side)).toHaveCount(6);
    await expect(cards(side).locator('.result-caption')).toHaveCount(6);
  }
});
