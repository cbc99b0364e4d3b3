/**
 * Regenerates the README's screenshots on the default model:
 * - docs/screenshot.png: the inspector on the sample "a raccoon at the left" (sample 3), the pointer
 *   on the patch that holds the most raccoon pixels in the sample's ground-truth mask, so the patch
 *   word cloud shows what the model reads there;
 * - docs/screenshot-compare.png: the Compare view, that patch pinned: LexVLA-tiny's words
 *   (activations) beside CLIP-tiny's nearest words in embedding space, for the image and the patch;
 * - docs/screenshot-composer.png: the scene composer with COMPOSED_SCENE (a link's scene), the
 *   heatmap of the word COMPOSED_WORD over it.
 *   npx vite build --outDir /tmp/dist-shot && npx tsx scripts/screenshot.ts /tmp/dist-shot [inspector|compare|composer]
 * (no second argument: all three).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import { CHROMIUM_ARGS, freePort, startPreview, waitForHttp } from '../cli/bench-page';

const dist = process.argv[2] ?? 'dist';
const which = process.argv[3] ?? 'all';
if (!['inspector', 'compare', 'composer', 'all'].includes(which)) {
  throw new Error(`screenshot.ts: "${which}", expected inspector, compare, composer or nothing (all three)`);
}
/** A coat, a horse and a bus on green and white checks (src/composer/scene-url.ts). */
const COMPOSED_SCENE = '224x224.checks.green.white.7_1F9E5.62.64.84.0_1F40E.160.92.76.0.h_1F68C.112.170.88.-10';
const COMPOSED_WORD = 'coat';

const SAMPLE = 2; // position in public/samples/samples.json
const CLASS = 'raccoon';

/** [row, col] of the grid x grid cell with the most pixels of `className` in the sample's mask. */
function busiestCell(grid: number): [number, number] {
  const samples = JSON.parse(readFileSync('public/samples/samples.json', 'utf8')) as Array<{ mask: string }>;
  const classes = (JSON.parse(readFileSync('data/emojiscenes/classes.json', 'utf8')) as { classes: Array<{ name: string }> }).classes;
  const index = classes.findIndex((c) => c.name === CLASS) + 1; // mask values are 1-based class indices
  const mask = decode(readFileSync(`public/samples/${samples[SAMPLE].mask}`));
  const counts = new Array<number>(grid * grid).fill(0);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x] !== index) continue;
      counts[Math.floor((y * grid) / mask.height) * grid + Math.floor((x * grid) / mask.width)]++;
    }
  }
  const best = counts.indexOf(Math.max(...counts));
  if (counts[best] === 0) throw new Error(`public/samples/${samples[SAMPLE].mask}: no '${CLASS}' pixels (class ${index})`);
  return [Math.floor(best / grid), best % grid];
}

const port = await freePort();
const server = startPreview(port, dist);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  await waitForHttp(`http://127.0.0.1:${port}/`, server);
  const open = () => browser.newPage({ viewport: { width: 1400, height: 900 }, baseURL: `http://127.0.0.1:${port}` });
  if (which !== 'composer') await shootInspectorAndCompare(await open());
  if (which === 'composer' || which === 'all') await shootComposer(await open());
} finally {
  await browser.close();
  server.kill();
}

async function shootComposer(page: Page): Promise<void> {
  await page.goto(`/?backend=wasm&view=compose&scene=${COMPOSED_SCENE}`);
  await page.waitForFunction(() => document.body.dataset.restored === 'true', null, { timeout: 120_000 });
  const panel = page.getByRole('region', { name: 'Scene composer' });
  await panel.getByRole('table', { name: 'Scene words: ranked words' }).getByRole('button', { name: COMPOSED_WORD, exact: true }).click();
  await page.locator('.composer-overlay .heatmap-cells rect').first().waitFor();
  await page.waitForFunction(() => document.querySelector('.composer')?.getAttribute('data-status') === 'ready' && document.querySelector('output[aria-label="PatchDis mIoU"]') !== null);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot-composer.png' });
  console.log(`wrote docs/screenshot-composer.png (the heatmap of "${COMPOSED_WORD}" on ${COMPOSED_SCENE})`);
}

async function shootInspectorAndCompare(page: Page): Promise<void> {
  await page.goto('/?backend=wasm');
  await page.waitForFunction(() => document.body.dataset.phase === 'ready', null, { timeout: 120_000 });
  const manifest = JSON.parse(readFileSync(`${dist}/models/lexvla-tiny/manifest.json`, 'utf8')) as { preprocess: { grid: [number, number] } };
  const grid = manifest.preprocess.grid[0];
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').nth(SAMPLE).click();
  await page.waitForFunction(() => document.body.dataset.phase === 'ready' && document.querySelector('svg[aria-label="Global word cloud"] text') !== null);
  const area = page.getByRole('application').first();
  await area.scrollIntoViewIfNeeded();
  const box = await area.boundingBox();
  if (!box) throw new Error('no patch grid');
  const [row, col] = busiestCell(grid);
  const at = { x: box.x + ((col + 0.5) * box.width) / grid, y: box.y + ((row + 0.5) * box.height) / grid };
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.waitForTimeout(500);
  if (which !== 'compare') {
    await page.screenshot({ path: 'docs/screenshot.png' });
    console.log(`wrote docs/screenshot.png (pointer on patch row ${row}, column ${col}: the most '${CLASS}' pixels)`);
  }
  if (which !== 'inspector') {
    await page.getByRole('tab', { name: 'Compare' }).click();
    const panel = page.getByRole('region', { name: 'Compare' });
    const left = panel.locator('[data-side="left"]');
    const right = panel.locator('[data-side="right"]');
    // Ready: the second bundle loaded, its image encoded, its nearest words read (no query typed).
    await page.waitForFunction(() => document.querySelector('svg[aria-label="right global word cloud"] text') !== null, null, { timeout: 120_000 });
    const grid2 = left.getByRole('application');
    await grid2.scrollIntoViewIfNeeded();
    const b = await grid2.boundingBox();
    if (!b) throw new Error('no Compare patch grid');
    await page.mouse.click(b.x + ((col + 0.5) * b.width) / grid, b.y + ((row + 0.5) * b.height) / grid);
    await right.getByRole('group', { name: 'right patch word cloud' }).locator('text').first().waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await panel.locator('.compare-grid').first().screenshot({ path: 'docs/screenshot-compare.png' });
    console.log(`wrote docs/screenshot-compare.png (patch row ${row}, column ${col} pinned: the most '${CLASS}' pixels)`);
  }
}
