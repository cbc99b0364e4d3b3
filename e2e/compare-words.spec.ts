/**
 * CLIP read as words in the Compare view, on the two trained defaults: CLIP-tiny's nearest
 * vocabulary words (its shipped word table, nearest by cosine: not activations) appear beside
 * LexVLA-tiny's without any query typed, equal to `lexvla words` on the same file (onnxruntime-node);
 * hovering or pinning a patch shows CLIP's words for it, a clicked word paints its heatmap on both
 * sides, the agreement overlay (shared top-10 words per patch) switches on and off, and a region
 * dragged on CLIP's side reads as its mean embedding's words.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator } from '@playwright/test';
import { cloudWords, LEXVLA_TINY_CELLS, LEXVLA_TINY_GRID, openApp, uploadImage } from './helpers';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const IMAGE = 'public/models/lexvla-tiny/eval/images/0001.png';
const [, COLS] = LEXVLA_TINY_GRID;

interface CliWords {
  words: string;
  top: Array<{ word: string; value: number }>;
}

function cliWords(bundle: string, ...args: string[]): CliWords {
  return JSON.parse(execFileSync('node', ['cli/bin.mjs', 'words', bundle, IMAGE, '--json', ...args], { cwd: ROOT, encoding: 'utf8' })) as CliWords;
}

async function pointAt(grid: Locator, row: number, col: number): Promise<{ x: number; y: number }> {
  await grid.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await grid.boundingBox();
  if (!box) throw new Error('grid not visible');
  return { x: box.x + ((col + 0.5) * box.width) / COLS, y: box.y + ((row + 0.5) * box.height) / LEXVLA_TINY_GRID[0] };
}

/** Every word a cloud placed is one of the CLI's, with the CLI's value; the largest is the CLI's first. */
async function expectCliCloud(cloud: Locator, cli: CliWords): Promise<void> {
  await expect(cloud.locator('text').first()).toBeVisible();
  const placed = await cloudWords(cloud);
  const byWord = new Map(cli.top.map((w) => [w.word, w.value]));
  for (const w of placed) {
    expect(byWord.has(w.word), `"${w.word}" is among the CLI's nearest words`).toBe(true);
    expect(w.value).toBeCloseTo(byWord.get(w.word)!, 4);
  }
  const best = placed.reduce((a, b) => (b.value > a.value ? b : a));
  expect(best.word).toBe(cli.top[0].word);
}

test('CLIP words without a query, patch words on hover, a word on both sides, the agreement overlay, a region', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await uploadImage(page, `${ROOT}${IMAGE}`);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare' });
  await expect(panel).toHaveAttribute('data-status', 'ready');
  const left = panel.locator('[data-side="left"]');
  const right = panel.locator('[data-side="right"]');
  await expect(right).toHaveAttribute('data-kind', 'dense');
  await expect(panel.getByLabel('Compare query')).toHaveValue('');

  // No query typed: CLIP's global words are there, labelled for what they are, and are the CLI's.
  await expect(right.getByTestId('right-active')).toHaveText('nearest words · embedding space');
  await expect(right.locator('[data-words="nearest"] .words-kind')).toContainText('Nearest words in embedding space, not activations');
  await expect(right.locator('.words-kind')).toContainText('753 words (llama2-filter-v1, training-caption words), template “{token}”, from the bundle');
  await expect(left.locator('.words-kind')).toContainText('Activations');
  const cliGlobal = cliWords('public/models/clip-tiny', '--top', '80');
  expect(cliGlobal.words).toBe('nearest words in embedding space (cosine), not activations');
  await expectCliCloud(right.getByRole('group', { name: 'right global word cloud' }), cliGlobal);

  // Hover a patch on the left: CLIP's words for the same patch, the CLI's for it.
  const [row, col] = [3, 5];
  const patch = row * COLS + col;
  const at = await pointAt(left.getByRole('application'), row, col);
  await page.mouse.move(at.x, at.y);
  await expect(right).toHaveAttribute('data-target', `patch:${patch}`);
  const rightPatch = right.getByRole('group', { name: 'right patch word cloud' });
  await expectCliCloud(rightPatch, cliWords('public/models/clip-tiny', '--top', '40', '--patch', String(patch)));
  await expect(right.locator('.compare-cloud figcaption').nth(1)).toHaveText(`Patch #${patch} — nearest words`);

  // Pin it (a click), then click CLIP's nearest word there: its heatmap on both sides; on CLIP's
  // side the pinned patch's cell holds the word's cosine, the value its cloud showed.
  await page.mouse.click(at.x, at.y);
  const top = (await cloudWords(rightPatch)).reduce((a, b) => (b.value > a.value ? b : a));
  await rightPatch.locator('text', { hasText: new RegExp(`^${top.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().click();
  const legend = panel.getByRole('group', { name: `Heatmap of "${top.word}" on both sides` });
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('cosine with the word’s embedding (not an activation)');
  await expect(right.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(left.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  const cell = Number(await right.locator('.heatmap-cells rect').nth(patch).getAttribute('data-value'));
  expect(cell).toBeCloseTo(top.value, 4);

  // The agreement overlay: on, a cell per patch on both sides and a legend; its value on the pinned
  // patch is the share of the CLI's top-10 words both models list there; off, gone.
  const toggle = panel.getByLabel('Agreement overlay');
  await toggle.check();
  await expect(panel.locator('.compare-agreement')).toHaveAttribute('data-status', 'ready');
  await expect(left.locator('.agreement-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(right.locator('.agreement-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(panel.getByRole('group', { name: 'Agreement legend' })).toContainText('how many both list');
  const lex10 = cliWords('public/models/lexvla-tiny', '--top', '10', '--patch', String(patch)).top.map((w) => w.word);
  const clip10 = cliWords('public/models/clip-tiny', '--top', '10', '--patch', String(patch)).top.map((w) => w.word);
  expect(lex10).toHaveLength(10); // this patch has at least 10 active words, so its top 10 are the CLI's
  const shared = clip10.filter((w) => lex10.includes(w)).length;
  const shown = Number(await left.locator('.agreement-cells rect').nth(patch).getAttribute('data-value'));
  expect(shown).toBeCloseTo(shared / 10, 5);
  const values = await left.locator('.agreement-cells rect').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  await expect(panel.getByTestId('agreement-mean')).toHaveText(`mean ${(mean * 10).toFixed(1)} / 10`);
  await toggle.uncheck();
  await expect(panel.locator('.agreement-cells rect')).toHaveCount(0);
  await expect(panel.getByRole('group', { name: 'Agreement legend' })).toHaveCount(0);
  // The word's heatmap is back under it.
  await expect(right.locator('.heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);

  // A region dragged on CLIP's side: both sides select it; CLIP's words are those of the region's
  // mean embedding, the CLI's for it.
  const from = await pointAt(right.getByRole('application'), 0, 0);
  const to = await pointAt(right.getByRole('application'), 1, 2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await expect(left).toHaveAttribute('data-target', 'region:0,0,1,2');
  await expect(right).toHaveAttribute('data-target', 'region:0,0,1,2');
  await expect(right.locator('.compare-cloud figcaption').nth(1)).toHaveText('Region rows 1–2, columns 1–3 — nearest words');
  await expectCliCloud(rightPatch, cliWords('public/models/clip-tiny', '--top', '40', '--region', '0,0,1,2'));
});
