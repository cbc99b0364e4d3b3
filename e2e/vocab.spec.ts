/**
 * The Vocabulary view on the trained LexVLA-tiny default and its 20-image gallery: coverage,
 * mean active words and the most used words (numbers from the bundle's gallery/index.json,
 * checked against src/retrieval/vocab-usage.ts with `npx tsx`), then the word index: a typed
 * word, the images where it fires, one opened in the inspector with its heatmap.
 */
import { expect, test } from '@playwright/test';
import { openApp, waitReady } from './helpers';

test('vocabulary usage of the default gallery and the word index', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByRole('tab', { name: 'Vocabulary' }).click();
  const panel = page.getByRole('region', { name: 'Vocabulary' });
  await expect(panel.getByText(/overuse penalty pushes down \(the paper's Fig\. 6\)/)).toBeVisible();
  await panel.getByRole('button', { name: "Open the bundle's gallery" }).click();
  await expect(panel).toHaveAttribute('data-status', 'ready');

  // 20 images, 256 active words each (the export's top-k), 4,213 distinct words of 19,545.
  const stats = panel.getByRole('list', { name: 'Vocabulary statistics' });
  await expect(stats.locator('[data-stat="coverage"]')).toHaveText('Coverage: 21.56% (4,213 of 19,545 words active somewhere)');
  await expect(stats.locator('[data-stat="mean-active"]')).toHaveText('Mean active words per image: 256.0');
  await expect(stats.locator('[data-stat="overused"]')).toContainText('20 images): 0 words');

  const bars = panel.getByRole('img', { name: 'Most used words chart' }).locator('.vocab-bar');
  await expect(bars).toHaveCount(20);
  await expect(bars.first()).toHaveAttribute('data-word', 'hearts');
  await expect(bars.first()).toHaveAttribute('data-df', '4');
  const dfs = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-df'))));
  expect(dfs).toEqual([...dfs].sort((a, b) => b - a));

  // The word index: "dog" matches dog, Dog (unused here) and dogs (one image).
  await panel.getByLabel('Find a word').fill('dog');
  const chips = panel.getByRole('list', { name: 'Matching words' }).locator('.word-chip');
  await expect(chips).toHaveCount(3);
  await expect(chips.nth(0)).toHaveAttribute('data-word', 'dog');
  await expect(chips.nth(0)).toHaveAttribute('data-df', '0');
  await chips.filter({ has: page.locator('xpath=self::*[@data-word="dogs"]') }).click();
  const hits = panel.getByRole('list', { name: 'Images where dogs fires' }).locator('.result-card');
  await expect(hits).toHaveCount(1);
  expect(Number(await hits.first().getAttribute('data-value'))).toBeGreaterThan(0);

  // Opening the hit makes it the inspector's image and shows where the word fires in it.
  await hits.first().getByRole('button', { name: /^Open .* in the inspector$/ }).click();
  const opened = panel.getByLabel(/^Where dogs fires in /);
  await expect(opened.locator('.heatmap-cells rect')).toHaveCount(256);
  await expect(opened.getByRole('list', { name: 'Strongest patches' }).locator('li')).toHaveCount(5);
  await waitReady(page);
  await panel.getByRole('button', { name: 'Go to the inspector' }).click();
  await expect(page.getByLabel('Heatmap legend for "dogs"')).toBeVisible();
});
