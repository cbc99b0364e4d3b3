/**
 * The explorer on the colour fixture: global words, patch hover, region drag, heatmap and the
 * sparsity rule, on red-left-blue-right.png (left half pure red, right half pure blue).
 */
import { expect, test } from '@playwright/test';
import {
  GRID,
  IMAGE_RB,
  dragPatches,
  globalCloud,
  openApp,
  patchGrid,
  patchPoint,
  settledWords,
  uploadImage,
  wordsAt,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await uploadImage(page, IMAGE_RB);
});

test('the global cloud shows the image words, the same words and values as the ranked table', async ({ page }) => {
  const words = await settledWords(page, 'Global words');
  // Half the patches are red, half blue: both colours score the fixture's maximum.
  expect(words.slice(0, 2).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  expect(words[0].value).toBeCloseTo(words[1].value, 4);
  expect(words.every((w, i) => i === 0 || words[i - 1].value >= w.value)).toBe(true);
  // The cloud draws the biggest words largest.
  const sizes = await globalCloud(page).locator('text').evaluateAll((els) =>
    Object.fromEntries(els.map((el) => [el.lastChild?.textContent ?? '', parseFloat((el as SVGTextElement).style.fontSize)])),
  );
  const biggest = Math.max(...Object.values(sizes));
  expect(sizes.red).toBe(biggest);
  expect(sizes.blue).toBe(biggest);
});

test('hovering a patch shows its words: red on the left half, blue on the right', async ({ page }) => {
  expect((await wordsAt(page, 3, 2))[0].word).toBe('red');
  expect((await wordsAt(page, 12, 13))[0].word).toBe('blue');
  expect((await wordsAt(page, 8, 7))[0].word).toBe('red');
  expect((await wordsAt(page, 8, 8))[0].word).toBe('blue');
});

test('dragging across both halves selects a region whose cloud has both colours, outlined', async ({ page }) => {
  const from = await patchPoint(page, 4, 5);
  const to = await patchPoint(page, 9, 11);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await page.mouse.up();
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 5–10, columns 6–12 (42 patches, max-pooled)');
  const words = await settledWords(page, 'Patch words');
  expect(words.slice(0, 2).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  // The outline sits on the selected patches, in patch units.
  const outline = patchGrid(page).locator('.sel-region rect.line');
  await expect(outline).toHaveCount(1);
  expect(await outline.evaluate((r) => ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))))).toEqual([5, 4, 7, 6]);
});

test('a drag shows the words of the region under the pointer before it ends, and the release keeps them', async ({ page }) => {
  const from = await patchPoint(page, 3, 2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // Still on the red half: only red.
  const red = await patchPoint(page, 5, 4);
  await page.mouse.move(red.x, red.y);
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 4–6, columns 3–5 (9 patches, max-pooled)');
  expect((await settledWords(page, 'Patch words'))[0].word).toBe('red');
  // Across the middle, the button still down: both colours.
  const both = await patchPoint(page, 5, 10);
  await page.mouse.move(both.x, both.y);
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 4–6, columns 3–11 (27 patches, max-pooled)');
  expect((await settledWords(page, 'Patch words')).slice(0, 2).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  await page.mouse.up();
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 4–6, columns 3–11 (27 patches, max-pooled)');
  await expect(patchGrid(page).locator('.sel-region rect.line')).toHaveCount(1);
});

test('clicking a word shows its heatmap, with a legend; "red" is higher on the red half', async ({ page }) => {
  await settledWords(page, 'Global words');
  await globalCloud(page).locator('text', { hasText: /^red/ }).click();
  await expect(page.getByLabel('Heatmap legend for "red"')).toBeVisible();
  await expect(page.locator('.legend-word')).toHaveText('red');
  const cells = patchGrid(page).locator('.heatmap-cells rect');
  await expect(cells).toHaveCount(GRID[0] * GRID[1]);
  const values = await cells.evaluateAll((rs) => rs.map((r) => ({ x: Number(r.getAttribute('x')), v: Number(r.getAttribute('data-value')) })));
  const left = values.filter((c) => c.x < GRID[1] / 2).map((c) => c.v);
  const right = values.filter((c) => c.x >= GRID[1] / 2).map((c) => c.v);
  expect(left.every(Number.isFinite) && right.every(Number.isFinite)).toBe(true);
  expect(Math.min(...left)).toBeGreaterThan(Math.max(...right));
  // Clicking "blue" in the table flips it.
  await page.getByRole('table', { name: 'Global words: ranked words' }).getByRole('button', { name: 'blue', exact: true }).click();
  await expect(page.locator('.legend-word')).toHaveText('blue');
  await expect
    .poll(async () => {
      const v = await cells.evaluateAll((rs) => rs.map((r) => ({ x: Number(r.getAttribute('x')), v: Number(r.getAttribute('data-value')) })));
      const l = Math.max(...v.filter((c) => c.x < GRID[1] / 2).map((c) => c.v));
      const r = Math.min(...v.filter((c) => c.x >= GRID[1] / 2).map((c) => c.v));
      return r > l;
    })
    .toBe(true);
  await page.getByRole('button', { name: 'Clear heatmap' }).click();
  await expect(cells).toHaveCount(0);
});

test('the sparsity threshold changes the active-word count live', async ({ page }) => {
  await settledWords(page, 'Global words');
  const active = page.getByTestId('active-global');
  const before = Number(await active.textContent());
  expect(before).toBeGreaterThan(2);
  const threshold = page.getByRole('region', { name: 'Sparsity' }).getByRole('spinbutton', { name: 'Threshold' });
  // Above every value but the two colours' (each holds 1/sqrt(2) of the normalised vector).
  await threshold.fill('0.5');
  await expect(active).toHaveText('2');
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.badge')).toHaveText('2 active');
  expect((await settledWords(page, 'Global words')).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  await threshold.fill('0.8');
  await expect(active).toHaveText('0');
  await expect(page.getByRole('region', { name: 'Global words' })).toContainText('No word passes the sparsity rule.');
  await page.getByRole('button', { name: "Reset to the bundle's rule" }).click();
  await expect(active).toHaveText(String(before));
});

test('top-k keeps only the k strongest words, for the image and for the selected region, live', async ({ page }) => {
  await dragPatches(page, [4, 5], [9, 11]);
  await expect(page.locator('.selection-label')).toHaveText(/^Region: /);
  const [global, region] = [await settledWords(page, 'Global words'), await settledWords(page, 'Patch words')];
  const activeGlobal = page.getByTestId('active-global');
  const activeSelection = page.getByTestId('active-selection');
  const [g0, s0] = [Number(await activeGlobal.textContent()), Number(await activeSelection.textContent())];
  expect(g0).toBeGreaterThan(2);
  expect(s0).toBeGreaterThan(1);

  const sparsity = page.getByRole('region', { name: 'Sparsity' });
  const topK = sparsity.getByRole('spinbutton', { name: 'Top-k' });
  await expect(topK).toBeDisabled();
  await sparsity.getByRole('checkbox', { name: 'Keep only the top' }).check();
  await topK.fill('1');
  await expect(activeGlobal).toHaveText('1');
  await expect(activeSelection).toHaveText('1');
  // The strongest word survives, in both the image's table and the region's.
  expect((await settledWords(page, 'Global words')).map((w) => w.word)).toEqual([global[0].word]);
  expect((await settledWords(page, 'Patch words')).map((w) => w.word)).toEqual([region[0].word]);

  await sparsity.getByRole('checkbox', { name: 'Keep only the top' }).uncheck();
  await expect(activeGlobal).toHaveText(String(g0));
  await expect(activeSelection).toHaveText(String(s0));
});
