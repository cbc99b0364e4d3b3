/**
 * The Compare view on the two trained defaults: LexVLA-tiny (inspector, left) beside CLIP-tiny
 * (second worker, right) on one image. Hovering either side selects the same patch on both;
 * a text query paints a heatmap on both; the lexical side's words are activations, the dense
 * side's its nearest words in embedding space (e2e/compare-words.spec.ts reads them).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { LEXVLA_TINY_CELLS, LEXVLA_TINY_GRID, openApp, uploadImage } from './helpers';

const IMAGE = fileURLToPath(new URL('../public/models/lexvla-tiny/eval/images/0001.png', import.meta.url));

async function hoverCell(page: Page, grid: Locator, row: number, col: number): Promise<void> {
  await grid.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await grid.boundingBox();
  if (!box) throw new Error('grid not visible');
  await page.mouse.move(box.x + ((col + 0.5) * box.width) / LEXVLA_TINY_GRID[1], box.y + ((row + 0.5) * box.height) / LEXVLA_TINY_GRID[0]);
}

test('LexVLA beside CLIP: synchronised hover, the same query on both, activations beside nearest words', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await uploadImage(page, IMAGE);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare' });
  await expect(panel).toHaveAttribute('data-status', 'ready');
  const left = panel.locator('[data-side="left"]');
  const right = panel.locator('[data-side="right"]');
  await expect(left).toHaveAttribute('data-kind', 'lexical');
  await expect(right).toHaveAttribute('data-kind', 'dense');
  await expect(right.getByRole('heading')).toHaveText('clip-tiny');
  await expect(right.locator('.preview-canvas')).toBeVisible();
  await expect(panel).not.toHaveAttribute('aria-busy', 'true');

  // Active words on the lexical side; nearest words, said to be so, on the dense side.
  await expect(left.getByTestId('left-active')).toHaveText(/^[\d,]+ active words$/);
  await expect(right.getByTestId('right-active')).toHaveText('nearest words · embedding space');
  await expect(right.getByText(/Nearest words in embedding space, not activations/)).toBeVisible();

  // Hover on the left: both sides outline patch (3, 5); then hover on the right at (6, 2).
  await hoverCell(page, left.getByRole('application'), 3, 5);
  await expect(left).toHaveAttribute('data-target', `patch:${3 * LEXVLA_TINY_GRID[1] + 5}`);
  await expect(right).toHaveAttribute('data-target', `patch:${3 * LEXVLA_TINY_GRID[1] + 5}`);
  await expect(left.locator('.sel-hover')).toHaveCount(1);
  await expect(right.locator('.sel-hover')).toHaveCount(1);
  await expect(left.getByRole('group', { name: 'left patch word cloud' }).locator('text').first()).toBeVisible();
  await hoverCell(page, right.getByRole('application'), 6, 2);
  await expect(right).toHaveAttribute('data-target', `patch:${6 * LEXVLA_TINY_GRID[1] + 2}`);
  await expect(left).toHaveAttribute('data-target', `patch:${6 * LEXVLA_TINY_GRID[1] + 2}`);

  // The same text query: one heatmap cell per patch on each side.
  await panel.getByLabel('Compare query').fill('a raccoon');
  await panel.getByRole('button', { name: 'Show relevance' }).click();
  await expect(left.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(right.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);

  // The same PatchDis classes: every patch labelled on both sides (dense default threshold 0 labels most).
  await panel.getByLabel('Compare classes').fill('raccoon, swan');
  await panel.getByRole('button', { name: 'PatchDis' }).click();
  await expect(left.locator('.compare-legend li')).toHaveCount(2);
  await expect(right.locator('.compare-legend li')).toHaveCount(2);
});
