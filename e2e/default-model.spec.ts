/**
 * The app as a fresh clone starts it: no ?bundle=, so the embedded default LexVLA-tiny loads,
 * says what it was trained on, and a sample (a held-out EmojiScenes scene) gives the same top
 * words in the browser (onnxruntime-web, WASM) as the Node CLI (onnxruntime-node) on the same file.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
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
