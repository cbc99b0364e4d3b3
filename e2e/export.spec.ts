/**
 * Save as PNG and SVG on the trained LexVLA-tiny default: the global word cloud
 * and the image with its heatmap overlay download as files (Blob URLs, no network); the SVG
 * parses and holds one <text> per cloud word with the cloud's words, the PNG has the PNG
 * signature, the expected size (a whole-number upscale past 900 px) and real pixels.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cloudWords, globalCloud, LEXVLA_TINY_CELLS as CELLS, LEXVLA_TINY_PREPROCESS, openApp, uploadImage, waitReady } from './helpers';

const IMAGE = fileURLToPath(new URL('../public/models/lexvla-tiny/eval/images/0001.png', import.meta.url));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function save(page: Page, name: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const path = await download.path();
  return { download, bytes: await readFile(path) };
}

/** Parses an SVG file in the page and reads back its <text> words and its counts. */
function parseSvg(page: Page, svg: string) {
  return page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    const own = (el: Element) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      width: doc.documentElement.getAttribute('width'),
      height: doc.documentElement.getAttribute('height'),
      words: [...doc.querySelectorAll('text')].map(own),
      images: doc.querySelectorAll('image').length,
      heatmapCells: doc.querySelectorAll('.heatmap-cells rect').length,
    };
  }, svg);
}

function pngInfo(bytes: Buffer) {
  const png = decode(bytes);
  const opaque = (x: number, y: number) => png.data[(y * png.width + x) * png.channels + png.channels - 1];
  return { signature: [...bytes.subarray(0, 8)], width: png.width, height: png.height, centreAlpha: opaque(png.width >> 1, png.height >> 1) };
}

test('save the global word cloud and the image with its heatmap as SVG and PNG', async ({ page }) => {
  await openApp(page, { bundle: '/models/lexvla-tiny/' });
  await uploadImage(page, IMAGE);
  // The cloud once placed (whatever it places: the file must hold exactly what is drawn).
  await expect(globalCloud(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect(globalCloud(page).locator('text').first()).toBeVisible();
  const shown = (await cloudWords(globalCloud(page))).map((w) => w.word);
  expect(shown.length).toBeGreaterThan(10);

  const svgFile = await save(page, 'Save global word cloud as SVG');
  expect(svgFile.download.suggestedFilename()).toBe('lexvla-global-word-cloud.svg');
  const svg = svgFile.bytes.toString('utf8');
  const parsed = await parseSvg(page, svg);
  expect(parsed.error).toBeNull();
  expect(parsed).toMatchObject({ root: 'svg', width: '960', height: '540' });
  expect(parsed.words).toEqual(shown);
  // The page's fonts travel inline: a saved file sees no stylesheet.
  expect(svg).toMatch(/^<svg [^>]*style="[^"]*font-family: /);

  const cloudPng = pngInfo((await save(page, 'Save global word cloud as PNG')).bytes);
  expect(cloudPng.signature).toEqual(PNG_SIGNATURE);
  expect([cloudPng.width, cloudPng.height]).toEqual([960, 540]);

  // A word's heatmap over the image: the overlay and the model's input crop in one picture.
  await page.getByRole('table', { name: 'Global words: ranked words' }).locator('.word-button').first().click();
  await expect(page.locator('.image-panel .heatmap-cells rect')).toHaveCount(CELLS);
  await waitReady(page);
  const stage = await parseSvg(page, (await save(page, 'Save image with overlays as SVG')).bytes.toString('utf8'));
  expect(stage).toMatchObject({ error: null, images: 1, heatmapCells: CELLS });
  // The model's input crop at a whole-number scale (224 px at 5x, 112 px at 9x: about 1,100 px).
  const side = Number(stage.width);
  expect([stage.height, side % LEXVLA_TINY_PREPROCESS.inputSize[0], side > 1000 && side <= 1120]).toEqual([stage.width, 0, true]);
  const stagePng = pngInfo((await save(page, 'Save image with overlays as PNG')).bytes);
  expect(stagePng.signature).toEqual(PNG_SIGNATURE);
  // The same size as the SVG; the image is opaque, so a drawn composite has no hole.
  expect([stagePng.width, stagePng.height, stagePng.centreAlpha]).toEqual([side, side, 255]);
});
