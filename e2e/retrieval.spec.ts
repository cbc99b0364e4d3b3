/**
 * Retrieval in the built app on the colour fixture: index a folder in the worker, search it by
 * text and by the inspected image, read "why this match", open a hit in the inspector, keep the
 * gallery across a reload and remove it, export it, and measure recall with the same numbers as
 * the CLI. Waits are on DOM state and the phase marker, never on sleeps.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { fixture, openApp, waitReady } from './helpers';
import { pointId } from '../src/retrieval/export/point-id';

const gallery = (page: Page) => page.locator('.gallery-status');
const cards = (page: Page) => page.getByRole('list', { name: 'Retrieval results' }).locator('.result-card');

async function indexImagesFolder(page: Page): Promise<void> {
  await page.getByLabel('Index a folder of images').setInputFiles(fixture('images'));
  // 5 PNGs (2 scenes, their 2 masks, a gradient); evalset.json is skipped as not an image.
  await expect(gallery(page)).toHaveText(/^Gallery: images — 5 images, 0 captions, lexical, \d+ active words per image/);
  await expect(page.getByRole('status').filter({ hasText: 'Indexing' })).toHaveCount(0);
}

test('index a folder, search it by text and image, see why, open a hit, keep it across reloads', async ({ page }) => {
  await openApp(page);
  await expect(gallery(page)).toHaveText('No gallery open.');
  await indexImagesFolder(page);

  await page.getByLabel('Retrieval query').fill('blue');
  await page.getByRole('button', { name: 'Search images' }).click();
  await expect(cards(page)).toHaveCount(5);
  const first = cards(page).first();
  expect(Number(await first.getAttribute('data-score'))).toBeGreaterThan(0);
  // The lookup query is the one word "blue": it is the only word that can contribute.
  await expect(first.getByRole('list', { name: 'Why this match' }).locator('.why-word')).toHaveText(['blue']);
  const scores = await cards(page).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // Opening a hit makes it the inspected image; then image -> image finds that image first.
  const hitName = (await first.getAttribute('data-item'))!;
  await first.getByRole('button', { name: /^Open .* in the inspector$/ }).click();
  const base = hitName.split('/').pop()!;
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(new RegExp(`^${base.replace(/[.]/g, '\\.')}: `));
  await waitReady(page);
  await page.getByRole('button', { name: 'Similar images to the inspected one' }).click();
  await expect(page.locator('.results-head')).toContainText(`for the image ${base}`);
  await expect(cards(page).first()).toHaveAttribute('data-item', hitName);

  // Stored in IndexedDB: after a reload it is listed, opens again, and can be removed.
  await page.reload();
  await waitReady(page);
  const stored = page.getByRole('list', { name: 'Stored galleries' });
  await expect(stored.locator('li')).toHaveCount(1);
  await expect(stored.locator('li').first()).toContainText('images (5 images, colour-fixture)');
  await stored.getByRole('button', { name: 'Open' }).click();
  await expect(gallery(page)).toHaveText(/^Gallery: images — 5 images/);
  await page.getByLabel('Retrieval query').fill('red');
  await page.getByRole('button', { name: 'Search images' }).click();
  await expect(cards(page)).toHaveCount(5);
  await stored.getByRole('button', { name: 'Remove images' }).click();
  await expect(page.getByRole('list', { name: 'Stored galleries' })).toHaveCount(0);
  await expect(gallery(page)).toHaveText('No gallery open.');
});

test('exports the gallery for Qdrant as a download', async ({ page }) => {
  await openApp(page);
  await indexImagesFolder(page);
  await page.getByLabel('Search engine').selectOption('qdrant');
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const points = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.jsonl'));
  await page.getByRole('button', { name: 'Download index files' }).click();
  const text = await (await points).createReadStream().then(async (s) => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatchObject({ payload: { image: expect.stringMatching(/^images\//) } });
  // Point ids come from item ids, so a second export updates these points instead of overwriting others.
  expect(lines.map((l) => l.id)).toEqual(lines.map((l) => pointId(l.payload.id)));
  expect(lines[0].vector.lexical.indices.length).toBe(lines[0].vector.lexical.values.length);
  expect(downloads).toContain('lexvla.qdrant.collection.json');
});

test('recall@K in the browser equals `lexvla eval retrieval`', async ({ page }) => {
  // A set whose recall is known and below 1 (e2e/fixtures/colour-retrieval/README.md).
  const cli = spawnSync(process.execPath, ['cli/bin.mjs', 'eval', 'retrieval', 'e2e/fixtures/color-bundle', 'e2e/fixtures/colour-retrieval', '--json'], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  const expected = JSON.parse(cli.stdout) as { i2t: Record<string, number>; t2i: Record<string, number>; images: number; captions: number };
  expect([expected.i2t, expected.t2i]).toEqual([{ 1: 5 / 7, 5: 6 / 7, 10: 1 }, { 1: 6 / 8, 5: 7 / 8, 10: 1 }]);
  const pct = (x: number) => (100 * x).toFixed(1);

  await openApp(page);
  await page.getByLabel('Evaluation set folder for recall').setInputFiles(fixture('colour-retrieval'));
  const table = page.getByRole('table', { name: 'Recall' });
  await expect(table).toHaveAttribute('data-images', String(expected.images));
  await expect(table).toHaveAttribute('data-captions', String(expected.captions));
  await expect(table.locator('tr[data-direction="i2t"] td')).toHaveText(['1', '5', '10'].map((k) => pct(expected.i2t[k])));
  await expect(table.locator('tr[data-direction="t2i"] td')).toHaveText(['1', '5', '10'].map((k) => pct(expected.t2i[k])));
});

test("the bundle's own gallery: text -> image, image -> text, and its evaluation set", async ({ page }) => {
  await openApp(page, { bundle: '/models/color-gallery-fixture/' });
  await page.getByRole('button', { name: "Open the bundle's gallery" }).click();
  await expect(gallery(page)).toHaveText(/^Gallery: colour-gallery-fixture gallery — 6 images, 7 captions, lexical/);

  await page.getByLabel('Retrieval query').fill('orange');
  await page.getByRole('button', { name: 'Search images' }).click();
  await expect(cards(page)).toHaveCount(6);
  // "orange" is the orange image's strongest word, and a neighbour of red's.
  await expect(cards(page).nth(0)).toHaveAttribute('data-item', 'orange');
  await expect(cards(page).nth(1)).toHaveAttribute('data-item', 'red');
  await expect(cards(page).nth(1).locator('.why-word')).toHaveText(['orange']);

  // Open the blue image from the grid, then ask for captions of the inspected image.
  await page.getByLabel('Retrieval query').fill('blue');
  await page.getByRole('button', { name: 'Search images' }).click();
  await expect(cards(page).first()).toHaveAttribute('data-item', 'blue');
  await cards(page).first().getByRole('button', { name: 'Open gallery/blue.png in the inspector' }).click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^blue\.png: /);
  await waitReady(page);
  await page.getByRole('button', { name: 'Captions for the inspected image' }).click();
  await expect(page.locator('.results-head')).toContainText('captions for the image blue.png');
  await expect(cards(page).first().locator('.result-caption')).toHaveText('“plain blue”');

  const cli = spawnSync(process.execPath, ['cli/bin.mjs', 'eval', 'retrieval', 'e2e/fixtures/color-gallery-bundle', 'e2e/fixtures/color-gallery-bundle/eval', '--json'], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  const expected = JSON.parse(cli.stdout) as { i2t: Record<string, number>; t2i: Record<string, number> };
  await page.getByRole('button', { name: "Evaluate on the bundle's evaluation set" }).click();
  const table = page.getByRole('table', { name: 'Recall' });
  await expect(table.locator('tr[data-direction="i2t"] td')).toHaveText(['1', '5', '10'].map((k) => (100 * expected.i2t[k]).toFixed(1)));
  await expect(table.locator('tr[data-direction="t2i"] td')).toHaveText(['1', '5', '10'].map((k) => (100 * expected.t2i[k]).toFixed(1)));
});
