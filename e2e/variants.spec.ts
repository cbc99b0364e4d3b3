/**
 * A bundle with a variant of its vision graph (manifest vision.variants): the page runs the exact
 * graph by default, on WASM too, and says so in the model panel; choosing the int8 variant there
 * (opt-in: faster, approximate words) loads the bundle again with it, keeps the choice in the page
 * URL, and the stored offline copy left out the graph the first load did not run, so the switch
 * downloads that graph. `?variant=int8` opens the variant directly. The variant
 * here is the colour gallery fixture's own graph under another name: what is checked is which
 * file the page reads and says it runs, not int8 arithmetic (`lexvla bench-variants` measures that).
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Request } from '@playwright/test';
import { waitReady } from './helpers';

const ROOT = new URL('../', import.meta.url).pathname;
const MODELS = resolve(ROOT, process.env.E2E_DIST ?? 'dist', 'models');
const NAME = `variant-e2e-${process.pid}`;

test.beforeAll(() => {
  const dir = join(MODELS, NAME);
  cpSync(join(MODELS, 'color-gallery-fixture'), dir, { recursive: true });
  const graph = readFileSync(join(dir, 'vision.onnx'));
  writeFileSync(join(dir, 'vision.int8.onnx'), graph);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  m.vision.variants = [{ name: 'int8', file: 'vision.int8.onnx', weights: 'int8', note: 'a copy, for this test' }];
  m.files.push({ path: 'vision.int8.onnx', bytes: graph.length, sha256: createHash('sha256').update(graph).digest('hex') });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
});
test.afterAll(() => rmSync(join(MODELS, NAME), { recursive: true, force: true }));

test('the exact graph runs by default on WASM, and the int8 variant when chosen in the model panel', async ({ page }) => {
  // Whole downloads of a vision graph (the validator also reads each graph's first bytes, by range).
  const graphs: string[] = [];
  page.on('request', (r: Request) => {
    const file = new URL(r.url()).pathname.split('/').at(-1) ?? '';
    if (/^vision.*\.onnx$/.test(file) && r.method() === 'GET' && !r.headers().range) graphs.push(file);
  });
  await page.goto(`/?bundle=/models/${NAME}/&backend=wasm`);
  await waitReady(page);
  await expect(page.getByTestId('vision-graph')).toHaveText('exact');
  await expect(page.locator('.model-info')).toContainText("(vision.onnx, fp32 weights) — auto: the exact graph, the model's own words (a faster variant runs only when chosen)");
  await expect(page.locator('.cache-list summary')).toHaveText('Cached bundles (1)');
  expect(graphs).toEqual(['vision.onnx']);
  await expect(page).not.toHaveURL(/[?&]variant=/);

  await page.getByLabel('Vision graph').selectOption('int8');
  await expect(page.getByTestId('vision-graph')).toHaveText('int8');
  await waitReady(page);
  await expect(page.locator('.model-info')).toContainText('(vision.int8.onnx, int8 weights, approximates the exact graph) — chosen in settings');
  expect(graphs).toEqual(['vision.onnx', 'vision.int8.onnx']);
  await expect(page).toHaveURL(/[?&]variant=int8(&|$)/);
});

test('?variant=int8 opens the int8 variant and reads no other vision graph', async ({ page }) => {
  const graphs: string[] = [];
  page.on('request', (r: Request) => {
    const file = new URL(r.url()).pathname.split('/').at(-1) ?? '';
    if (/^vision.*\.onnx$/.test(file) && r.method() === 'GET' && !r.headers().range) graphs.push(file);
  });
  await page.goto(`/?bundle=/models/${NAME}/&backend=wasm&variant=int8`);
  await waitReady(page);
  await expect(page.getByTestId('vision-graph')).toHaveText('int8');
  await expect(page.locator('.model-info')).toContainText('(vision.int8.onnx, int8 weights, approximates the exact graph) — chosen in settings');
  expect(graphs).toEqual(['vision.int8.onnx']);
});
