/**
 * The real-scale export path, in the browser: train/scripts/realscale_bundles.py trains a
 * random-weight tiny LexVLA (DINOv2 + adapter + mapper, Llama with LoRA) for two steps and exports
 * it with the on-graph top-k output, and exports a random tiny Hugging Face CLIPModel as a dense
 * bundle. The page fetches both over HTTP (served here from the export folder); the lexical one
 * opens with ?bundle= and shows words, the dense one loads as the Compare view's second bundle.
 * Random weights: the words are arbitrary, so the checks are on structure (grid, vocabulary, kind).
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEXVLA_TINY_CELLS, cloudWords, globalCloud, openApp, patchGrid, tableWords, uploadImage } from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const IMAGE = join(ROOT, 'public/models/lexvla-tiny/eval/images/0001.png');
// REALSCALE_BUNDLES=DIR reuses an earlier `realscale_bundles.py --out DIR` (kept afterwards).
const given = process.env.REALSCALE_BUNDLES;
let dir = given ? resolve(given) : '';

test.beforeAll(async () => {
  test.setTimeout(600_000);
  if (given) return;
  if (!existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: the real-scale bundles are exported by the project's Python environment; run scripts/setup.sh --test first`);
  }
  dir = mkdtempSync(join(tmpdir(), 'lexvla-realscale-'));
  execFileSync(PYTHON, ['train/scripts/realscale_bundles.py', '--out', dir], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: 'train:data' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
});

test.afterAll(() => {
  if (dir && !given) rmSync(dir, { recursive: true, force: true });
});

/** Serves DIR/<name>/... at /realscale/<name>/... on the app's own origin. */
async function serveExports(page: Page): Promise<void> {
  await page.route(/\/realscale\/(.+)$/, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/realscale\//, ''));
    const file = resolve(dir, normalize(rel));
    if (!file.startsWith(dir + sep) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': type } });
  });
}

const manifest = (name: string) => JSON.parse(readFileSync(join(dir, name, 'manifest.json'), 'utf8'));

test('a real-scale LexVLA export (on-graph top-k, precomputed texts) opens from ?bundle= and shows words of its vocabulary', async ({ page }) => {
  await serveExports(page);
  const m = manifest('lexvla');
  expect(m.kind).toBe('lexical');
  expect(m.preprocess.grid).toEqual([16, 16]);
  expect(m.vision.outputs.patchTopK.k).toBe(16);
  const vocab = new Set<string>(JSON.parse(readFileSync(join(dir, 'lexvla', m.vocabulary.file), 'utf8')).words);

  await openApp(page, { bundle: '/realscale/lexvla/' });
  await expect(page.getByTestId('model-name')).toHaveText(m.name);
  await uploadImage(page, IMAGE);
  // Random weights give a flat vector: many near-equal words, more than the cloud can place, so
  // the cloud shows a subset of the ranked table (every placed word is one of the table's).
  const table = page.getByRole('table', { name: 'Global words: ranked words' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const ranked = await tableWords(table);
  expect(ranked.length).toBeGreaterThan(0);
  expect(ranked.every((w) => vocab.has(w.word) && w.value > 0)).toBe(true);
  await expect(globalCloud(page).locator('text').first()).toBeVisible();
  const placed = await cloudWords(globalCloud(page));
  const inTable = new Set(ranked.map((w) => w.word));
  expect(placed.length).toBeGreaterThan(0);
  expect(placed.every((w) => inTable.has(w.word))).toBe(true);
  // A patch keeps at most its top-k words (the graph's own top-k), all from the vocabulary.
  await patchGrid(page).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = (await patchGrid(page).boundingBox())!;
  await page.mouse.move(box.x + (9.5 * box.width) / 16, box.y + (7.5 * box.height) / 16);
  await expect(page.locator('.selection-label')).toHaveText('Patch: row 8, column 10 (#121)');
  const patchTable = page.getByRole('table', { name: 'Patch words: ranked words' });
  await expect(patchTable.locator('tbody tr').first()).toBeVisible();
  const patch = await tableWords(patchTable);
  expect(patch.length).toBeGreaterThan(0);
  expect(patch.length).toBeLessThanOrEqual(16);
  expect(patch.every((w) => vocab.has(w.word))).toBe(true);

  // A drag from that patch on a 16 x 16 grid shows each region's words while it goes on.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const at = (row: number, col: number) => [box.x + ((col + 0.5) * box.width) / 16, box.y + ((row + 0.5) * box.height) / 16] as const;
  await page.waitForTimeout(300); // a pointer at rest: the page asks for the regions of a drag from here
  await page.mouse.down();
  await page.mouse.move(...at(9, 10));
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 8–10, columns 10–11 (6 patches, max-pooled)');
  const near = await tableWords(patchTable);
  expect(near.length).toBeGreaterThan(0);
  expect(near.every((w) => vocab.has(w.word))).toBe(true);
  await page.mouse.move(...at(14, 2));
  await expect(page.locator('.selection-label')).toHaveText('Region: rows 8–15, columns 3–10 (64 patches, max-pooled)');
  await page.mouse.up();
  const far = await tableWords(patchTable);
  expect(far.length).toBeGreaterThan(0);
  expect(far.every((w) => vocab.has(w.word))).toBe(true);
  expect(errors).toEqual([]);
});

test('a Hugging Face CLIP exported by export-clip loads as the Compare view\'s dense second bundle', async ({ page }) => {
  await serveExports(page);
  const m = manifest('clip');
  expect(m.kind).toBe('dense');
  const [rows, cols] = m.preprocess.grid as [number, number];

  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await uploadImage(page, IMAGE);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panel = page.getByRole('region', { name: 'Compare' });
  await expect(panel).toHaveAttribute('data-status', 'ready'); // the default CLIP-tiny first
  await panel.getByLabel('Second bundle URL').fill('/realscale/clip/');
  await panel.getByRole('button', { name: 'Load', exact: true }).click();
  const right = panel.locator('[data-side="right"]');
  await expect(right.getByRole('heading')).toHaveText(m.name);
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect(right).toHaveAttribute('data-kind', 'dense');
  // The export's word table (LexVLA's vocabulary through "a photo of a {word}"): CLIP read as words.
  await expect(right.getByTestId('right-active')).toHaveText('nearest words · embedding space');
  await expect(right.locator('.words-kind')).toContainText('template “a photo of a {word}”, from the bundle');
  await expect(right.getByRole('group', { name: 'right global word cloud' }).locator('text').first()).toBeVisible();
  await expect(right.locator('.preview-canvas')).toBeVisible();
  await expect(panel).not.toHaveAttribute('aria-busy', 'true');

  // A text query through the export's own text.onnx: a heatmap over each side's own grid.
  await panel.getByLabel('Compare query').fill('a raccoon');
  await panel.getByRole('button', { name: 'Show relevance' }).click();
  await expect(panel.locator('[data-side="left"] .heatmap-cells rect')).toHaveCount(LEXVLA_TINY_CELLS);
  await expect(right.locator('.heatmap-cells rect')).toHaveCount(rows * cols);
});
