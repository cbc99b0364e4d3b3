/**
 * Text to patches on the colour fixture: the patches a word selects must fall where
 * the object is, checked against the fixture's ground-truth mask (red-square-on-blue.mask.png:
 * value 1 = red square, 2 = blue background).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { GRID, cloudWords, fixture, openApp, uploadImage } from './helpers';

const IMAGE = fixture('images/red-square-on-blue.png');

/** Patches whose 14 x 14 cell is all red in the mask (the image is already 224 x 224). */
function redPatchesFromMask(): number[] {
  const m = decode(readFileSync(fixture('images/red-square-on-blue.mask.png')));
  const [rows, cols] = GRID;
  const size = m.width / cols;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let red = 0;
      for (let y = r * size; y < (r + 1) * size; y++) for (let x = c * size; x < (c + 1) * size; x++) red += m.data[y * m.width + x] === 1 ? 1 : 0;
      if (red === size * size) out.push(r * cols + c);
    }
  }
  return out;
}

async function addQuery(page: Page, text: string): Promise<void> {
  await page.getByLabel('Text query').fill(text);
  await page.getByLabel('Text query').press('Enter');
  await expect(page.locator(`.query-item[data-query="${text}"]`)).toHaveAttribute('data-status', 'ready');
}

async function selectedPatches(page: Page, text: string): Promise<number[]> {
  return page
    .locator(`.query-selection[data-query="${text}"] rect.query-selected`)
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-patch'))).sort((a, b) => a - b));
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await uploadImage(page, IMAGE);
});

test('"red" selects patches inside the red square; by threshold it selects exactly the square', async ({ page }) => {
  const red = redPatchesFromMask();
  expect(red.length).toBe(64);
  await addQuery(page, 'red');
  const top = await selectedPatches(page, 'red');
  expect(top.length).toBe(16); // the default top-k
  expect(top.every((p) => red.includes(p))).toBe(true);
  await page.getByRole('radio', { name: 'relevance ≥' }).check();
  await page.getByLabel('Relevance threshold').fill('0.5');
  await expect(page.locator('.query-selection[data-query="red"]')).toHaveAttribute('data-count', '64');
  expect(await selectedPatches(page, 'red')).toEqual(red);
  // The heatmap and the query's own cloud are drawn.
  await expect(page.getByRole('img', { name: 'Query relevance overlay' }).locator('.heatmap-cells rect')).toHaveCount(256);
  const cloud = page.getByRole('group', { name: 'Query word cloud' });
  await expect.poll(async () => (await cloudWords(cloud)).map((w) => w.word)).toEqual(['red']);
});

test('lookup shows the words used and the tokens dropped', async ({ page }) => {
  await addQuery(page, 'a red square');
  const item = page.locator('.query-item[data-query="a red square"]');
  await expect(item.locator('.query-used')).toHaveText('red');
  await expect(item.locator('.query-dropped')).not.toBeEmpty();
});

test('several queries show as differently coloured overlays and can be removed', async ({ page }) => {
  const red = redPatchesFromMask();
  await addQuery(page, 'red');
  await addQuery(page, 'blue');
  const blue = await selectedPatches(page, 'blue');
  expect(blue.length).toBe(16);
  expect(blue.some((p) => red.includes(p))).toBe(false);
  const colours = await page.locator('.query-selection rect.query-selected').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('stroke')))]);
  expect(colours.length).toBe(2);
  await page.getByRole('button', { name: 'Remove query "blue"' }).click();
  await expect(page.locator('.query-selection')).toHaveCount(1);
  await expect(page.locator('.query-item')).toHaveCount(1);
});

test('focusing the query field opens the text side before the first query is sent', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByLabel('Text query').focus();
  // The worker opened the text graph and ran it once (Engine.prepareText): a measure says so.
  const ms = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('lexvla:text-prepared', 'mark')[0] as PerformanceMark | undefined;
    return m ? (m.detail as { ms: number }).ms : null;
  });
  expect(await ms.jsonValue()).toBeGreaterThan(0);
  // Focusing again asks nothing more of the worker.
  await page.getByLabel('Text query').blur();
  await page.getByLabel('Text query').focus();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => performance.getEntriesByName('lexvla:text-prepared', 'mark').length)).toBe(1);
});
