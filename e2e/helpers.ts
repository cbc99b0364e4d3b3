/**
 * Shared steps of the e2e specs: open the app on a bundle, upload an image, read the clouds and
 * tables back out of the DOM, point at patches. Every wait is on the page's phase marker
 * (body[data-phase]) or on explicit DOM state, never on a sleep.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle every spec runs against (public/models/color-fixture/ = e2e/fixtures/color-bundle). */
const BUNDLE = '/models/color-fixture/';
/** Its name in manifest.json, shown in the model panel. */
export const BUNDLE_NAME = 'colour-fixture';
/** Its patch grid (rows, cols). */
export const GRID: [number, number] = [16, 16];
/** The default LexVLA-tiny's preprocessing, from its manifest (CLIP-tiny shares the geometry), so the specs follow a retrained bundle. */
export const LEXVLA_TINY_PREPROCESS = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../public/models/lexvla-tiny/manifest.json', import.meta.url)), 'utf8')) as {
    preprocess: { grid: [number, number]; inputSize: [number, number] };
  }
).preprocess;
export const LEXVLA_TINY_GRID = LEXVLA_TINY_PREPROCESS.grid;
/** Its patches in all. */
export const LEXVLA_TINY_CELLS = LEXVLA_TINY_GRID[0] * LEXVLA_TINY_GRID[1];

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (rel: string): string => FIXTURES + rel;
export const IMAGE_RB = fixture('images/red-left-blue-right.png');

export interface WordValue {
  word: string;
  value: number;
}

/** Opens the app on BUNDLE (or another), optionally forcing a backend, and waits for "ready". */
export async function openApp(page: Page, opts: { bundle?: string; backend?: 'auto' | 'wasm' | 'webgpu' } = {}): Promise<void> {
  const q = new URLSearchParams({ bundle: opts.bundle ?? BUNDLE });
  if (opts.backend) q.set('backend', opts.backend);
  await page.goto(`/?${q}`);
  await waitReady(page);
  await expect(page.getByTestId('model-name')).toBeVisible();
}

export async function waitReady(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
}

/**
 * Uploads an image through the "Upload image" input and waits until the global panel names it
 * (the phase marker alone could be read before the encode has even started).
 */
export async function uploadImage(page: Page, path: string): Promise<void> {
  await page.getByLabel('Upload image').setInputFiles(path);
  const name = path.slice(path.lastIndexOf('/') + 1);
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(new RegExp(`^${escapeRe(name)}: `));
  await waitReady(page);
}

/** Uploads a file the app must refuse and returns once an error notice names it. */
export async function uploadBadImage(page: Page, path: string): Promise<void> {
  const before = await page.getByRole('alert').count();
  await page.getByLabel('Upload image').setInputFiles(path);
  await expect(page.getByRole('alert')).toHaveCount(before + 1);
  await waitReady(page);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The cloud's words with the value each <text> carries, in DOM order (empty while it has none). */
export async function cloudWords(cloud: Locator): Promise<WordValue[]> {
  return cloud.locator('text').evaluateAll((els) =>
    els.map((el) => ({
      // The <title> child holds "word: value"; the word itself is the element's own text node.
      word: [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''),
      value: Number(el.getAttribute('data-value')),
    })),
  );
}

/** The ranked table's rows: word and the value as printed (4 decimals). */
export async function tableWords(table: Locator): Promise<WordValue[]> {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      word: r.querySelector('.word-button')?.textContent ?? '',
      value: Number(r.querySelector('.num')?.textContent),
    })),
  );
}

export const globalCloud = (page: Page): Locator => page.getByRole('group', { name: 'Global word cloud' });
export const patchGrid = (page: Page): Locator => page.getByRole('application', { name: /^Patch grid/ });

/** Words of a cloud sorted by value, strongest first. */
async function rankedCloud(cloud: Locator): Promise<WordValue[]> {
  return (await cloudWords(cloud)).sort((a, b) => b.value - a.value);
}

/** Page coordinates of the centre of patch (row, col). */
export async function patchPoint(page: Page, row: number, col: number, grid: readonly [number, number] = GRID): Promise<{ x: number; y: number }> {
  // Mouse coordinates are the viewport's: bring the whole grid on screen first.
  await patchGrid(page).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await patchGrid(page).boundingBox();
  if (!box) throw new Error('the patch grid is not visible');
  const [rows, cols] = grid;
  return { x: box.x + ((col + 0.5) * box.width) / cols, y: box.y + ((row + 0.5) * box.height) / rows };
}

/** Drags from one patch to another on the image grid (a region selection); rows and columns 0-based. */
export async function dragPatches(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await patchPoint(page, ...from);
  const b = await patchPoint(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

async function hoverPatch(page: Page, row: number, col: number): Promise<void> {
  const p = await patchPoint(page, row, col);
  await page.mouse.move(p.x, p.y);
}

/**
 * The words a panel shows once its cloud has caught up with its table: the table renders in the
 * same commit as the store's answer, while the cloud keeps its previous layout until the new one
 * is placed, so "cloud == table" is the explicit state that says the cloud is painted.
 */
export async function settledWords(
  page: Page,
  panel: 'Global words' | 'Patch words',
  opts: { allowEmpty?: boolean } = {},
): Promise<WordValue[]> {
  const region = page.getByRole('region', { name: panel });
  const cloud = page.getByRole('group', { name: panel === 'Global words' ? 'Global word cloud' : 'Patch word cloud' });
  const table = page.getByRole('table', { name: `${panel}: ranked words` });
  await expect(region).not.toHaveAttribute('aria-busy', 'true');
  if (!opts.allowEmpty) await expect(table.locator('tbody tr').first()).toBeVisible();
  let last: WordValue[] = [];
  await expect
    .poll(async () => {
      const c = await rankedCloud(cloud);
      const t = await tableWords(table);
      last = t;
      return sameWords(c, t);
    }, { message: `${panel}: the cloud never showed the table's words` })
    .toBe(true);
  return last;
}

/** Same words with the same values (the table prints 4 decimals). */
function sameWords(cloud: WordValue[], table: WordValue[]): boolean {
  if (cloud.length !== table.length) return false;
  const byWord = new Map(table.map((w) => [w.word, w.value]));
  return cloud.every((w) => byWord.has(w.word) && Math.abs(byWord.get(w.word)! - w.value) <= 5e-5);
}

/** Hovers patch (row, col) and returns its words, strongest first, once the patch cloud shows them. */
export async function wordsAt(page: Page, row: number, col: number): Promise<WordValue[]> {
  await hoverPatch(page, row, col);
  const index = row * GRID[1] + col;
  await expect(page.locator('.selection-label')).toHaveText(`Patch: row ${row + 1}, column ${col + 1} (#${index})`);
  return settledWords(page, 'Patch words');
}
