/**
 * Regenerates docs/screenshot.png: the inspector on the default model, the sample "a raccoon at the
 * left" (sample 3), with the pointer on the patch that holds the most raccoon pixels in the sample's
 * ground-truth mask, so the patch word cloud shows what the model reads there.
 *   npx vite build --outDir /tmp/dist-shot && npx tsx scripts/screenshot.ts /tmp/dist-shot
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { decode } from 'fast-png';
import { CHROMIUM_ARGS, freePort, startPreview, waitForHttp } from '../cli/bench-page';

const dist = process.argv[2] ?? 'dist';
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
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, baseURL: `http://127.0.0.1:${port}` });
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
  await page.mouse.move(box.x + ((col + 0.5) * box.width) / grid, box.y + ((row + 0.5) * box.height) / grid, { steps: 4 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log(`wrote docs/screenshot.png (pointer on patch row ${row}, column ${col}: the most '${CLASS}' pixels)`);
} finally {
  await browser.close();
  server.kill();
}
