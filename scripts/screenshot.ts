/**
 * Regenerates docs/screenshot.png: the inspector on the default model, sample 3, a region of
 * patches dragged out on the grid.
 *   npx vite build --outDir /tmp/dist-shot && npx tsx scripts/screenshot.ts /tmp/dist-shot
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, freePort, startPreview, waitForHttp } from '../cli/bench';

const dist = process.argv[2] ?? 'dist';
const port = await freePort();
const server = startPreview(port, dist);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  await waitForHttp(`http://127.0.0.1:${port}/`, server);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, baseURL: `http://127.0.0.1:${port}` });
  await page.goto('/?backend=wasm');
  await page.waitForFunction(() => document.body.dataset.phase === 'ready', null, { timeout: 120_000 });
  await page.getByRole('group', { name: 'Sample images' }).getByRole('button').nth(2).click();
  await page.waitForFunction(() => document.body.dataset.phase === 'ready' && document.querySelector('svg[aria-label="Global word cloud"] text') !== null);
  const grid = page.getByRole('application').first();
  await grid.scrollIntoViewIfNeeded();
  const box = await grid.boundingBox();
  if (!box) throw new Error('no patch grid');
  const at = (row: number, col: number) => [box.x + ((col + 0.5) * box.width) / 8, box.y + ((row + 0.5) * box.height) / 8] as const;
  await page.mouse.move(...at(2, 1));
  await page.mouse.down();
  await page.mouse.move(...at(4, 3), { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  server.kill();
}
