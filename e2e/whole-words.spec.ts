/**
 * Word pieces read as words on the default LexVLA-tiny: held-out scene 0005.png shows a snail, and
 * Llama-2 spells "snail" as sn + ail. With the switch on, "snail" stands in the global, patch and
 * region clouds and tables in place of both pieces, valued at the smaller, its pieces on hover;
 * off, the pieces come back. (npx tsx scripts/whole-words-scan.ts chose the image.)
 */
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { LEXVLA_TINY_CELLS, LEXVLA_TINY_GRID, globalCloud, openApp, patchGrid, patchPoint, settledWords, tableWords, uploadImage, waitReady, type WordValue } from './helpers';

const IMAGE = fileURLToPath(new URL('../public/models/lexvla-tiny/eval/images/0005.png', import.meta.url));
const BUNDLE = '/models/lexvla-tiny/';

const toggle = (page: Page) => page.getByRole('checkbox', { name: 'Read word pieces as words' });
const table = (page: Page, panel: 'Global words' | 'Patch words') => page.getByRole('table', { name: `${panel}: ranked words` });
const words = (list: WordValue[]) => list.map((w) => w.word);
const valueOf = (list: WordValue[], word: string): number => {
  const w = list.find((x) => x.word === word);
  if (!w) throw new Error(`"${word}" is not among ${words(list).join(', ')}`);
  return w.value;
};

/** Turns the switch and waits until the panel's table has (or has lost) `word`, then until its cloud agrees. */
async function turn(page: Page, on: boolean, panel: 'Global words' | 'Patch words', word: string): Promise<WordValue[]> {
  await toggle(page).setChecked(on);
  await expect.poll(async () => words(await tableWords(table(page, panel))).includes(word)).toBe(on);
  await waitReady(page);
  return settledWords(page, panel);
}

/** Each cell's value of the heatmap shown now, once the legend names `word`. */
async function heatmap(page: Page, word: string): Promise<number[]> {
  await expect(page.locator('.legend-word')).toHaveText(word);
  const cells = patchGrid(page).locator('.heatmap-cells rect');
  await expect(cells).toHaveCount(LEXVLA_TINY_CELLS);
  return cells.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
}

/** The heatmaps of the two pieces of "snail", each read by clicking the piece in the global table. */
async function pieceHeatmaps(page: Page): Promise<[number[], number[]]> {
  await settledWords(page, 'Global words');
  const click = (word: string) => table(page, 'Global words').getByRole('button', { name: word, exact: true }).click();
  await click('sn');
  const sn = await heatmap(page, 'sn');
  await click('ail');
  return [sn, await heatmap(page, 'ail')];
}

test.beforeEach(async ({ page }) => {
  await openApp(page, { bundle: BUNDLE });
  await uploadImage(page, IMAGE);
});

test('the global cloud and table show "snail" in place of sn + ail, valued at the smaller; off restores the pieces', async ({ page }) => {
  await expect(toggle(page)).not.toBeChecked();
  const off = await settledWords(page, 'Global words');
  expect(words(off)).toEqual(expect.arrayContaining(['sn', 'ail']));
  expect(words(off)).not.toContain('snail');
  const [sn, ail] = [valueOf(off, 'sn'), valueOf(off, 'ail')];

  const on = await turn(page, true, 'Global words', 'snail');
  expect(valueOf(on, 'snail')).toBeCloseTo(Math.min(sn, ail), 4);
  expect(words(on)).not.toContain('sn');
  expect(words(on)).not.toContain('ail');
  // The tooltip and the table spell the word with its pieces.
  const expected = `snail = sn ${sn.toFixed(4)} + ail ${ail.toFixed(4)} (min ${Math.min(sn, ail).toFixed(4)})`;
  await expect(globalCloud(page).locator('text.whole-word > title').filter({ hasText: /^snail = / })).toHaveText(expected);
  const row = table(page, 'Global words').locator('tr', { has: page.getByRole('button', { name: 'snail', exact: true }) });
  await expect(row.locator('.word-pieces')).toHaveText(` = sn ${sn.toFixed(4)} + ail ${ail.toFixed(4)}`);
  await expect(row.locator('.word-pieces')).toHaveAttribute('title', expected);
  // Every whole word took exactly its pieces' places: the rest of the list is the plain one, in order
  // (the image has fewer active words than the list's 80, so nothing new comes in at the bottom).
  const pieces = await table(page, 'Global words').locator('.word-pieces').allTextContents();
  const merged = await table(page, 'Global words').locator('tr:has(.word-pieces) .word-button').allTextContents();
  expect(merged.length).toBe(pieces.length);
  const absorbed = new Set(pieces.flatMap((p) => [...p.matchAll(/([A-Za-z]+) \d/g)].map((m) => m[1])));
  expect(words(on).filter((w) => !merged.includes(w))).toEqual(words(off).filter((w) => !absorbed.has(w)));
  expect(on.length).toBe(off.length - absorbed.size + merged.length);
  await expect.poll(() => new URL(page.url()).searchParams.get('words')).toBe('whole');

  const back = await turn(page, false, 'Global words', 'snail');
  expect(back).toEqual(off);
  await expect(globalCloud(page).locator('text.whole-word')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('words')).toBeNull();
});

test('the patch and region clouds merge the same way', async ({ page }) => {
  // The patch where the snail is, read from the model through the app: the highest smaller-of-the-two
  // value of the pieces' heatmaps, where both pieces are active in the patch's own list.
  const [sn, ail] = await pieceHeatmaps(page);
  const both = sn.map((v, i) => Math.min(v, ail[i]));
  const cell = both.indexOf(Math.max(...both));
  const p = await patchPoint(page, Math.floor(cell / LEXVLA_TINY_GRID[1]), cell % LEXVLA_TINY_GRID[1], LEXVLA_TINY_GRID);
  await page.mouse.click(p.x, p.y);
  await expect(page.locator('.selection-label')).toContainText(`(#${cell})`);
  const off = await settledWords(page, 'Patch words');
  const on = await turn(page, true, 'Patch words', 'snail');
  expect(valueOf(on, 'snail')).toBeCloseTo(Math.min(valueOf(off, 'sn'), valueOf(off, 'ail')), 4);
  expect(words(on)).not.toContain('sn');
  expect(words(on)).not.toContain('ail');

  // The whole image as a dragged region.
  const a = await patchPoint(page, 0, 0, LEXVLA_TINY_GRID);
  const b = await patchPoint(page, LEXVLA_TINY_GRID[0] - 1, LEXVLA_TINY_GRID[1] - 1, LEXVLA_TINY_GRID);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
  await expect(page.locator('.selection-label')).toContainText(`(${LEXVLA_TINY_CELLS} patches, max-pooled)`);
  await expect.poll(async () => words(await tableWords(table(page, 'Patch words'))).includes('snail')).toBe(true);
  const region = await settledWords(page, 'Patch words');
  expect(words(region)).not.toContain('sn');
  const regionOff = await turn(page, false, 'Patch words', 'snail');
  expect(words(regionOff)).toEqual(expect.arrayContaining(['sn', 'ail']));
  expect(valueOf(region, 'snail')).toBeCloseTo(Math.min(valueOf(regionOff, 'sn'), valueOf(regionOff, 'ail')), 4);
});

test("clicking a whole word shows its heatmap: the smaller of its pieces' values on each patch", async ({ page }) => {
  const [sn, ail] = await pieceHeatmaps(page);
  await turn(page, true, 'Global words', 'snail');
  await table(page, 'Global words').getByRole('button', { name: 'snail', exact: true }).click();
  const snail = await heatmap(page, 'snail');
  snail.forEach((v, i) => expect(v).toBeCloseTo(Math.min(sn[i], ail[i]), 6));
  expect(Math.max(...snail)).toBeGreaterThan(0);
});

test('a link with the switch on opens with it on', async ({ page }) => {
  await page.goto(`/?bundle=${BUNDLE}&words=whole`);
  await expect(page.locator('body')).toHaveAttribute('data-restored', 'true');
  await expect(toggle(page)).toBeChecked();
  await uploadImage(page, IMAGE);
  await expect.poll(async () => words(await tableWords(table(page, 'Global words')))).toContain('snail');
  await expect(page.getByTestId('whole-words-known')).toHaveText(/^\d+ whole words known to this bundle$/);
});
