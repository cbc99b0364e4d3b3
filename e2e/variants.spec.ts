/**
 * A bundle with a variant of its vision graph (manifest vision.variants): on WASM the page runs
 * the int8 variant by default and says so in the model panel; choosing the exact graph there
 * loads the bundle again with it, keeps the choice in the page URL, and the stored offline copy
 * left out the graph the first load did not run, so the switch downloads that graph. The variant
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

test('the int8 variant runs by default on WASM, and the exact graph when chosen in the model panel', async ({ page }) => {
  // Whole downloads of a vision graph (the validator also reads each graph's first bytes, by range).
  const graphs: string[] = [];
  page.on('request', (r: Request) => {
    const file = new URL(r.url()).pathname.split('/').at(-1) ?? '';
    if (/^vision.*\.onnx$/.test(file) && r.method() === 'GET' && !r.headers().range) graphs.push(file);
  });
  await page.goto(`/?bundle=/models/${NAME}/&backend=wasm`);
  await waitReady(page);
  await expect(page.getByTestId('vision-graph')).toHaveText('int8');
  await expect(page.locator('.model-info')).toContainText('(vision.int8.onnx, int8 weights, approximates the exact graph) — auto: on WASM, the int8 variant');
  await expect(page.locator('.cache-list summary')).toHaveText('Cached bundles (1)');
  expect(graphs).toEqual(['vision.int8.onnx']);

  await page.getByLabel('Vision graph').selectOption('exact');
  await expect(page.getByTestId('vision-graph')).toHaveText('exact');
  await waitReady(page);
  await expect(page.locator('.model-info')).toContainText('(vision.onnx, fp32 weights) — chosen in settings');
  expect(graphs).toEqual(['vision.int8.onnx', 'vision.onnx']);
  await expect(page).toHaveURL(/[?&]variant=exact(&|$)/);
});
