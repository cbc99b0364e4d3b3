/**
 * PatchDis on the colour fixture: one image against its mask, the whole fixture
 * evaluation set in the browser (its JSON export equals `lexvla eval patchdis --json`), and bad
 * masks that must give clear errors while the app stays usable.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fixture, openApp, uploadImage } from './helpers';

const IMAGE = fixture('images/red-square-on-blue.png');
const MASK = fixture('images/red-square-on-blue.mask.png');
const panel = (page: Page) => page.getByRole('region', { name: 'PatchDis' });

async function labelWith(page: Page, classes: string, mask: string | null): Promise<void> {
  await page.getByLabel('Class list').fill(classes);
  if (mask) {
    await page.getByLabel('Ground-truth mask', { exact: true }).setInputFiles(mask);
    await expect(panel(page).locator('.badge', { hasText: mask.slice(mask.lastIndexOf('/') + 1) })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Label patches' }).click();
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
  await uploadImage(page, IMAGE);
});

test('one image: every patch labelled, mIoU 1 against the mask', async ({ page }) => {
  await labelWith(page, 'red, blue', MASK);
  await expect(page.getByLabel('mIoU')).toHaveText('1.000');
  const predicted = page.getByRole('img', { name: 'Predicted patch labels' });
  await expect(predicted.locator('rect[data-label="0"]')).toHaveCount(64);
  await expect(predicted.locator('rect[data-label="1"]')).toHaveCount(192);
  await expect(page.getByRole('table', { name: 'Per-class IoU' }).locator('tbody .iou-value')).toHaveText(['1.000', '1.000']);
});

test('bad masks give clear errors and the app stays usable', async ({ page }) => {
  const cases: Array<[string, RegExp]> = [
    ['masks/wrong-size-100x80.png', /^wrong-size-100x80\.png: mask is 100 x 80, expected the size of red-square-on-blue\.png \(224 x 224\)$/],
    ['masks/class-7.png', /^class-7\.png: pixel \(30, 100\) has class index 7, expected 0 \(background\) or 1\.\.2 \(the class list has 2 classes\)$/],
    ['masks/not-a-png.png', /^not-a-png\.png: not a readable PNG mask \(.+\), expected an 8- or 16-bit grayscale PNG$/],
  ];
  for (const [file, message] of cases) {
    await labelWith(page, 'red, blue', fixture(file));
    await expect(panel(page).getByRole('alert')).toHaveText(message);
    await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
  }
  await labelWith(page, 'red, blue', MASK);
  await expect(page.getByLabel('mIoU')).toHaveText('1.000');
  await expect(panel(page).getByRole('alert')).toHaveCount(0);
});

test('the fixture evaluation set in the browser: mIoU 1, and its JSON equals the CLI', async ({ page }) => {
  await panel(page).getByLabel('Evaluation set folder').setInputFiles(fixture('images'));
  await expect(panel(page).getByLabel('Evaluation set', { exact: true })).toHaveText('colour-fixture-evalset: 2 classes, 2 images');
  await expect(page.getByLabel('Class list')).toHaveValue('red, blue');
  await page.getByRole('button', { name: 'Run PatchDis on colour-fixture-evalset' }).click();
  const ds = panel(page).locator('.patchdis-dataset');
  await expect(ds).toHaveAttribute('data-status', 'done');
  await expect(ds.locator('[data-miou]')).toHaveAttribute('data-miou', '1');
  const table = page.getByRole('table', { name: 'Dataset per-class IoU' });
  await expect(table.locator('tbody td:first-child')).toHaveText(['blue', 'red']);
  await table.getByRole('button', { name: 'class' }).click(); // sort descending
  await expect(table.locator('tbody td:first-child')).toHaveText(['red', 'blue']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const browser = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const cli = spawnSync(process.execPath, ['cli/bin.mjs', 'eval', 'patchdis', 'e2e/fixtures/color-bundle', 'e2e/fixtures/images', '--json'], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  const fromCli = JSON.parse(cli.stdout);
  delete browser.timing;
  delete fromCli.timing;
  // The bundle is the same files served at /models/color-fixture/ (public/models/color-fixture).
  expect(browser).toEqual(fromCli);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(readFileSync((await csv.path())!, 'utf8')).toBe('class,iou,intersection,union\nred,1,192,192\nblue,1,320,320\nmIoU,1,,\n');
});

test('an evaluation-set item opens its image with its mask', async ({ page }) => {
  await panel(page).getByLabel('Evaluation set folder').setInputFiles(fixture('images'));
  await expect(panel(page).getByLabel('Evaluation set', { exact: true })).toBeVisible();
  await panel(page).getByLabel('Evaluation set image').selectOption('red-left-blue-right');
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^red-left-blue-right\.png: /);
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
  await page.getByRole('button', { name: 'Label patches' }).click();
  await expect(page.getByRole('img', { name: 'Ground truth (red-left-blue-right.mask.png)' })).toBeVisible();
  await expect(page.getByLabel('mIoU')).toHaveText('1.000');
});
