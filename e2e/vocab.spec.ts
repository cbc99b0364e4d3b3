/**
 * The Vocabulary view on the trained LexVLA-tiny default and its 20-image gallery: coverage,
 * mean active words and the most used words, as src/retrieval/vocab-usage.ts computes them from
 * the bundle's gallery/index.json (run here in Node on the same file), then the word index: the
 * most used word typed in, the images where it fires, one opened in the inspector with its heatmap.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { overusedWords, vocabUsage } from '../src/retrieval/vocab-usage';
import { WORD_IMAGES } from '../src/state/vocabSlice';
import { LEXVLA_TINY_CELLS, openApp, waitReady } from './helpers';

const bundleFile = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../public/models/lexvla-tiny/${name}`, import.meta.url)), 'utf8'));
const WORDS = (bundleFile('vocab.json') as { words: string[] }).words;
const GALLERY = bundleFile('gallery/index.json') as { imageVectors: Array<{ indices: number[]; values: number[] }> };
const USAGE = vocabUsage(
  GALLERY.imageVectors.map((v) => ({ indices: Uint32Array.from(v.indices), values: Float32Array.from(v.values) })),
  WORDS.length,
);

test('vocabulary usage of the default gallery and the word index', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByRole('tab', { name: 'Vocabulary' }).click();
  const panel = page.getByRole('region', { name: 'Vocabulary' });
  await expect(panel.getByText(/overuse penalty pushes down \(the paper's Fig\. 6\)/)).toBeVisible();
  await panel.getByRole('button', { name: "Open the bundle's gallery" }).click();
  await expect(panel).toHaveAttribute('data-status', 'ready');

  const stats = panel.getByRole('list', { name: 'Vocabulary statistics' });
  const distinct = USAGE.words.length;
  await expect(stats.locator('[data-stat="coverage"]')).toHaveText(
    `Coverage: ${(100 * USAGE.coverage).toFixed(2)}% (${distinct.toLocaleString('en-US')} of ${WORDS.length.toLocaleString('en-US')} words active somewhere)`,
  );
  await expect(stats.locator('[data-stat="mean-active"]')).toHaveText(`Mean active words per image: ${USAGE.meanActive.toFixed(1)}`);
  await expect(stats.locator('[data-stat="overused"]')).toContainText(`${USAGE.images} images): ${overusedWords(USAGE, 0.5, Infinity).length} words`);

  const bars = panel.getByRole('img', { name: 'Most used words chart' }).locator('.vocab-bar');
  await expect(bars).toHaveCount(20);
  const top = USAGE.words[0];
  await expect(bars.first()).toHaveAttribute('data-word', WORDS[top.word]);
  await expect(bars.first()).toHaveAttribute('data-df', String(top.df));
  const dfs = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-df'))));
  expect(dfs).toEqual([...dfs].sort((a, b) => b - a));

  // The word index: the most used word, typed in, is the first (exact) match; it fires in df images.
  const word = WORDS[top.word];
  await panel.getByLabel('Find a word').fill(word);
  const chips = panel.getByRole('list', { name: 'Matching words' }).locator('.word-chip');
  await expect(chips.nth(0)).toHaveAttribute('data-word', word);
  await expect(chips.nth(0)).toHaveAttribute('data-df', String(top.df));
  await chips.nth(0).click();
  const hits = panel.getByRole('list', { name: `Images where ${word} fires` }).locator('.result-card');
  await expect(hits).toHaveCount(Math.min(top.df, WORD_IMAGES));
  expect(Number(await hits.first().getAttribute('data-value'))).toBeGreaterThan(0);

  // Opening the hit makes it the inspector's image and shows where the word fires in it.
  await hits.first().getByRole('button', { name: /^Open .* in the inspector$/ }).click();
  const opened = panel.getByLabel(`Where ${word} fires in `, { exact: false });
  await expect(opened.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(opened.getByRole('list', { name: 'Strongest patches' }).locator('li')).toHaveCount(5);
  await waitReady(page);
  await panel.getByRole('button', { name: 'Go to the inspector' }).click();
  await expect(page.getByLabel(`Heatmap legend for "${word}"`)).toBeVisible();
});
