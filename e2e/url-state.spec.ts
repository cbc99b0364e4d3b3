/**
 * Shareable state: the URL follows the view (sample image, pinned patch, query, tab, compare
 * query), and opening that URL in a fresh page restores the same view.
 */
import { expect, test } from '@playwright/test';
import { LEXVLA_TINY_CELLS, LEXVLA_TINY_GRID, openApp, patchPoint, waitReady } from './helpers';

const PATCH = String(3 * LEXVLA_TINY_GRID[1] + 5);

test('a link reopens the same image, pinned patch, queries and Compare view', async ({ page, context }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  const first = page.getByRole('group', { name: 'Sample images' }).getByRole('button').first();
  await first.click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/\.png: /);
  await waitReady(page);
  const p = await patchPoint(page, 3, 5, LEXVLA_TINY_GRID);
  await page.mouse.click(p.x, p.y);
  await expect(page.locator('.selection-label')).toContainText(`(#${PATCH})`);
  await page.getByLabel('Text query').fill('a raccoon');
  await page.getByLabel('Text query').press('Enter');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare' });
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await panel.getByLabel('Compare query').fill('a swan');
  await panel.getByRole('button', { name: 'Show relevance' }).click();
  await expect(panel.locator('[data-side="right"] .heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);

  await expect.poll(() => new URL(page.url()).searchParams.get('cq')).toBe('a swan');
  const url = new URL(page.url());
  expect(url.searchParams.get('view')).toBe('compare');
  expect(url.searchParams.get('patch')).toBe(PATCH);
  expect(url.searchParams.get('image')).toMatch(/^samples\/.+\.png$/);
  expect(url.searchParams.get('q')).toBe('a%20raccoon');

  const again = await context.newPage();
  await again.goto(url.pathname + url.search);
  await expect(again.locator('body')).toHaveAttribute('data-restored', 'true', { timeout: 50_000 });
  const p2 = again.getByRole('region', { name: 'Compare' });
  await expect(again.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(p2.locator('[data-side="left"]')).toHaveAttribute('data-target', `patch:${PATCH}`);
  await expect(p2.locator('[data-side="right"]')).toHaveAttribute('data-target', `patch:${PATCH}`);
  await expect(p2.getByLabel('Compare query')).toHaveValue('a swan');
  await expect(p2.locator('[data-side="left"] .heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(p2.locator('[data-side="right"] .heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await again.getByRole('tab', { name: 'Inspector' }).click();
  await expect(again.getByText('a raccoon').first()).toBeVisible();
  // The restored page writes the same link back.
  await expect.poll(() => new URL(again.url()).searchParams.toString()).toBe(url.searchParams.toString());
});
