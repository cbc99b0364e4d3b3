/**
 * Backends: the same image on forced WASM and forced WebGPU (SwiftShader here) gives the same
 * words; the model panel says which backend ran and why, and which onnxruntime-web build; auto
 * treats SwiftShader as "no GPU".
 */
import { expect, test, type Page } from '@playwright/test';
import { IMAGE_RB, cloudWords, openApp, settledWords, uploadImage, wordsAt, type WordValue } from './helpers';

async function wordsOn(page: Page, backend: 'wasm' | 'webgpu'): Promise<{ global: WordValue[]; left: WordValue[]; right: WordValue[] }> {
  await openApp(page, { backend });
  await expect(page.getByTestId('backend')).toHaveText(backend);
  await uploadImage(page, IMAGE_RB);
  const global = await settledWords(page, 'Global words');
  const left = await wordsAt(page, 5, 3);
  const right = await wordsAt(page, 5, 12);
  return { global, left, right };
}

test('forced WASM and forced WebGPU give the same words', async ({ page }) => {
  const wasm = await wordsOn(page, 'wasm');
  await expect(page.locator('.model-info')).toContainText('wasm — wasm: chosen in settings');
  // WASM runs on onnxruntime-web's plain build, WebGPU on its JSEP build (src/model/ort-web.ts).
  await expect(page.getByTestId('runtime')).toHaveText(/^onnxruntime-web \d+\.\d+\.\d+ \(WASM build, \d+ threads?\)$/);
  const gpu = await wordsOn(page, 'webgpu');
  await expect(page.locator('.model-info')).toContainText('webgpu — webgpu: chosen in settings (');
  await expect(page.getByTestId('runtime')).toHaveText(/^onnxruntime-web \d+\.\d+\.\d+ \(JSEP build, \d+ threads?\)$/);
  for (const k of ['global', 'left', 'right'] as const) {
    expect(gpu[k].map((w) => w.word), k).toEqual(wasm[k].map((w) => w.word));
    gpu[k].forEach((w, i) => expect(w.value, `${k} ${w.word}`).toBeCloseTo(wasm[k][i].value, 4));
  }
  expect(wasm.left[0].word).toBe('red');
  expect(wasm.right[0].word).toBe('blue');
});

test('auto picks WASM on SwiftShader and says why', async ({ page }) => {
  await openApp(page, { backend: 'auto' });
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info: { architecture: string } } | null> } }).gpu;
    return (await gpu?.requestAdapter())?.info.architecture ?? null;
  });
  // The test runs where Chromium's only WebGPU adapter is SwiftShader (no GPU): it is about that case.
  expect(adapter).toBe('swiftshader');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.locator('.model-info')).toContainText('wasm — auto: WebGPU adapter is SwiftShader (software) — using WASM');
});

// A worker serves one backend for its life: a load on another one answers 'restart-worker' and
// the app loads the bundle in a fresh worker (with one onnxruntime-web build for both backends,
// every WebGPU run after a WASM session failed: '[WebGPU] Kernel "[Sub] " failed. Error: no GPU
// data for input: 4').
test('switching from WASM to WebGPU in the same page keeps giving words', async ({ page }) => {
  await openApp(page, { backend: 'wasm' });
  await uploadImage(page, IMAGE_RB);
  await page.getByLabel('Backend').selectOption('webgpu');
  await page.getByLabel('Bundle URL').fill('/models/color-fixture/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect(page.getByTestId('runtime')).toHaveText(/\(JSEP build, \d+ threads?\)$/);
  await page.getByLabel('Upload image').setInputFiles(IMAGE_RB);
  await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^red-left-blue-right\.png: /, { timeout: 5_000 });
  expect((await wordsAt(page, 3, 3))[0].word).toBe('red');
});

test('an onnxruntime-web build the server does not deliver is named in the error', async ({ page }) => {
  await page.route(/\/assets\/ort\.wasm\.bundle\.min-[^/]*\.js$/, (route) => route.abort('failed'));
  await page.goto('/?bundle=/models/color-fixture/&backend=wasm');
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'error');
  await expect(page.locator('.fatal-text')).toContainText(/vision\.onnx: onnxruntime-web could not load the model on wasm: onnxruntime-web's WASM build did not load from http:\/\/127\.0\.0\.1:\d+: /);
});

// LexVLA-tiny's text graph (a ScatterElements "add" counts the caption's own words)
// on WebGPU's build: the same query words and the same selected patches as on WASM.
test('the default model answers a text query alike on WASM and WebGPU', async ({ page }) => {
  test.setTimeout(180_000);
  const query = async (backend: 'wasm' | 'webgpu') => {
    await openApp(page, { bundle: '/models/lexvla-tiny/', backend });
    await expect(page.getByTestId('backend')).toHaveText(backend);
    await uploadImage(page, 'public/samples/scene-0001.png');
    await page.getByLabel('Text query').fill('a fire truck');
    await page.getByLabel('Text query').press('Enter');
    await expect(page.locator('.query-item[data-query="a fire truck"]')).toHaveAttribute('data-status', 'ready');
    await expect(page.locator('svg[aria-label="Query word cloud"]')).toHaveAttribute('aria-busy', 'false');
    const words = await cloudWords(page.getByRole('group', { name: 'Query word cloud' }));
    const patches = await page
      .locator('.query-selection[data-query="a fire truck"] rect.query-selected')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-patch'))).sort((a, b) => a - b));
    return { words, patches };
  };
  const wasm = await query('wasm');
  const gpu = await query('webgpu');
  expect(wasm.words.length).toBeGreaterThan(0);
  expect(gpu.words.map((w) => w.word).sort()).toEqual(wasm.words.map((w) => w.word).sort());
  const byWord = new Map(wasm.words.map((w) => [w.word, w.value]));
  for (const w of gpu.words) expect(w.value, w.word).toBeCloseTo(byWord.get(w.word)!, 4);
  expect(gpu.patches).toEqual(wasm.patches);
});
