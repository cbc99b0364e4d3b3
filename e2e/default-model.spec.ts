/**
 * The app as a fresh clone starts it: no ?bundle=, so the embedded default LexVLA-tiny loads,
 * says what it was trained on, and a sample (a held-out EmojiScenes scene) gives the same top
 * words in the browser (onnxruntime-web, WASM) as the Node CLI (onnxruntime-node) on the same file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import '../cli/codecs-node';
import { decodeImage, prepareDecode } from '../src/image/decode';
import { preprocess } from '../src/image/preprocess';
import { tableWords, waitReady } from './helpers';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLE = 'scene-0001.png';

interface CliWord {
  word: string;
  value: number;
}

test('the default model loads at start, and a sample gives the CLI`s words', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toHaveText('lexvla-tiny');
  await expect(page.locator('.trained-on')).toContainText('EmojiScenes');
  await expect(page.getByTestId('model-notes')).toContainText('emoji');

  const samples = page.getByRole('group', { name: 'Sample images' });
  await samples.getByRole('button').nth(1).click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(new RegExp(`^${SAMPLE.replace('.', '\\.')}: `));
  await waitReady(page);
  const table = page.getByRole('table', { name: 'Global words: ranked words' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const browser = await tableWords(table);

  const out = execFileSync('node', ['cli/bin.mjs', 'encode', 'public/models/lexvla-tiny', `public/samples/${SAMPLE}`, '--top', '10'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const cli = (JSON.parse(out) as { top: CliWord[] }).top;
  expect(browser.slice(0, 10).map((w) => w.word)).toEqual(cli.map((w) => w.word));
  // The table prints 4 decimals; ORT-web (WASM) and ORT-node agree far closer than that.
  browser.slice(0, 10).forEach((w, i) => expect(w.value).toBeCloseTo(cli[i].value, 3));
});

test('a colour JPEG (4:2:0, EXIF-rotated): the browser sees the pixels Node sees, and gives the CLI`s words', async ({ page }) => {
  test.setTimeout(180_000);
  const file = 'src/image/__fixtures__/exif6.jpg';
  await page.goto('/');
  await waitReady(page);
  await page.getByLabel('Upload image').setInputFiles(`${ROOT}${file}`);
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^exif6\.jpg: /);
  await waitReady(page);
  // The crop the model saw, as the worker decoded and preprocessed it (the image panel's canvas) ...
  const shown = await page.getByRole('region', { name: 'Image' }).locator('canvas.preview-canvas').evaluate((c: HTMLCanvasElement) =>
    Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data),
  );
  // ... equals the same modules in Node (and Node equals PIL: src/image/preprocess.golden.test.ts).
  const bytes = new Uint8Array(readFileSync(`${ROOT}${file}`));
  await prepareDecode(bytes);
  const manifest = JSON.parse(readFileSync(`${ROOT}public/models/lexvla-tiny/manifest.json`, 'utf8'));
  const node = preprocess(decodeImage(bytes, 'exif6.jpg'), manifest.preprocess).preview;
  expect(shown.length).toBe(node.data.length);
  expect(shown.every((v, i) => v === node.data[i])).toBe(true);

  const table = page.getByRole('table', { name: 'Global words: ranked words' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const browser = await tableWords(table);
  const out = execFileSync('node', ['cli/bin.mjs', 'encode', 'public/models/lexvla-tiny', file, '--top', '10'], { cwd: ROOT, encoding: 'utf8' });
  const cli = (JSON.parse(out) as { top: CliWord[] }).top;
  // Rank by rank the same values; words of (nearly) equal value may swap between ORT-web and ORT-node.
  browser.slice(0, 10).forEach((w, i) => expect(w.value).toBeCloseTo(cli[i].value, 3));
  const cliValue = new Map(cli.map((w) => [w.word, w.value]));
  for (const w of browser.slice(0, 10)) if (cliValue.has(w.word)) expect(w.value).toBeCloseTo(cliValue.get(w.word)!, 3);
});

test("PatchDis with the bundle's 297 classes says how many class names are encoded, then labels the patches", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').nth(1).click();
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(new RegExp(`^${SAMPLE.replace('.', '\\.')}: `));
  await waitReady(page);
  const panel = page.getByRole('region', { name: 'PatchDis' });
  await panel.getByRole('button', { name: "Use the bundle's evaluation set" }).click();
  await expect(page.getByLabel('Class list')).toHaveValue(/, /);
  await panel.getByRole('button', { name: 'Label patches' }).click();
  // The first run encodes every class name with text.onnx (seconds in the browser): counted on screen.
  const bar = panel.getByRole('progressbar', { name: 'Class names encoded' });
  await expect(bar).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText('Labelling patches…');
  await expect(panel.locator('.patchdis-progress')).toContainText(/\d+ \/ 297 class names encoded/);
  await expect(page.getByRole('img', { name: 'Predicted patch labels' })).toBeVisible({ timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(panel.getByRole('status')).toHaveCount(0);
});

test('choosing the evaluation set prepares its 297 class names in the background: Label patches then answers at once', async ({ page }) => {
  test.setTimeout(180_000);
  // Whether the class-name progress bar ever appears (it shows only for runs over 100 ms).
  await page.addInitScript(() => {
    (window as unknown as { __bar: boolean }).__bar = false;
    new MutationObserver(() => {
      if (document.querySelector('[role="progressbar"][aria-label="Class names encoded"]')) (window as unknown as { __bar: boolean }).__bar = true;
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').nth(1).click();
  await waitReady(page);
  const panel = page.getByRole('region', { name: 'PatchDis' });
  await panel.getByRole('button', { name: "Use the bundle's evaluation set" }).click();
  // The worker says when it is done, and for how many names it ran the text graph.
  const done = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('lexvla:classes-prepared', 'mark')[0] as PerformanceMark | undefined;
    return m ? (m.detail as { ran: number; classes: number }) : null;
  }, null, { timeout: 120_000 });
  expect(await done.jsonValue()).toMatchObject({ ran: 297, classes: 297 });
  await panel.getByRole('button', { name: 'Label patches' }).click();
  await expect(page.getByRole('img', { name: 'Predicted patch labels' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __bar: boolean }).__bar)).toBe(false);
});
