/** The sparsity sweep over lexvla-tiny's own evaluation set: one chart point per value and measure. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

const ROOT = new URL('../', import.meta.url).pathname;

test('a top-k sweep over the bundle eval set draws one point per value for recall and mIoU', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await page.getByRole('tab', { name: 'Sparsity sweep' }).click();
  const panel = page.getByRole('region', { name: 'Sparsity sweep' });
  await panel.getByLabel('Sweep values').fill('256, 16');
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const chart = panel.getByRole('img', { name: 'Sparsity sweep chart' });
  for (const m of ['i2t1', 't2i1', 'miou']) {
    await expect(chart.locator(`[data-measure="${m}"] circle`)).toHaveCount(2);
  }
  // Values are sorted; the table is the CLI's text (lexvla sweep) for the same numbers.
  await expect(chart.locator('[data-measure="i2t1"] circle').first()).toHaveAttribute('data-value', '16');
  const table = await panel.getByLabel('Sweep table').textContent();
  const set = JSON.parse(readFileSync(`${ROOT}public/models/lexvla-tiny/eval/evalset.json`, 'utf8')) as { items: Array<{ captions: string[] }> };
  const captions = set.items.reduce((n, item) => n + item.captions.length, 0);
  expect(table).toContain(`lexvla-tiny (lexical) on emojiscenes: ${set.items.length} images, ${captions} captions; sweeping top-k`);
  // Every row equals the CLI's (`lexvla sweep`, onnxruntime-node, the same evaluation code).
  const cli = execFileSync('node', ['cli/bin.mjs', 'sweep', 'public/models/lexvla-tiny', 'public/models/lexvla-tiny/eval', '--topk', '256,16'], { cwd: ROOT, encoding: 'utf8' });
  const rows = (text: string) => text.split('\n').map((l) => l.trim().split(/\s+/)).filter((r) => r[0] === '16' || r[0] === '256');
  expect(rows(table ?? '')).toEqual(rows(cli));
  expect(rows(cli)).toHaveLength(2);
});
