/**
 * The ways in besides the file picker: dropping a file on the image panel and pasting
 * one anywhere on the page. Both hand the File itself to the worker (src/worker/read-source.ts),
 * like "Upload image"; the words are the fixture's colours, so the image really went through.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { IMAGE_RB, fixture, openApp, settledWords, uploadImage, waitReady } from './helpers';

const SQUARE = fixture('images/red-square-on-blue.png');
const subtitle = (page: Page) => page.getByRole('region', { name: 'Global words' }).locator('.subtitle');

/** A DataTransfer in the page holding one file (bytes from disk) and, optionally, some text. */
async function transfer(page: Page, file: { path: string; name: string; type: string } | null, text?: string) {
  const bytes = file ? [...readFileSync(file.path)] : null;
  return page.evaluateHandle(
    ({ bytes, name, type, text }) => {
      const dt = new DataTransfer();
      if (bytes) dt.items.add(new File([new Uint8Array(bytes)], name, { type }));
      if (text !== undefined) dt.setData('text/plain', text);
      return dt;
    },
    { bytes, name: file?.name ?? '', type: file?.type ?? '', text },
  );
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('dropping an image on the image panel encodes it; dropping something else says so and keeps the image', async ({ page }) => {
  const zone = page.locator('.drop-zone');
  const dt = await transfer(page, { path: SQUARE, name: 'dropped-square.png', type: 'image/png' });
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await expect(zone).toHaveClass(/drop-over/);
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  await expect(subtitle(page)).toHaveText(/^dropped-square\.png: /);
  await waitReady(page);
  expect((await settledWords(page, 'Global words')).slice(0, 2).map((w) => w.word).sort()).toEqual(['blue', 'red']);
  await expect(zone).not.toHaveClass(/drop-over/);

  const notes = await transfer(page, { path: fixture('images/evalset.json'), name: 'notes.txt', type: 'text/plain' });
  await zone.dispatchEvent('drop', { dataTransfer: notes });
  await expect(page.getByRole('alert')).toContainText('The dropped item is not an image file (expected PNG, JPEG, GIF, WebP or BMP).');
  await expect(subtitle(page)).toHaveText(/^dropped-square\.png: /);
  await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
});

test('pasting an image encodes it, named or not; pasting text into a field leaves the image alone', async ({ page }) => {
  await uploadImage(page, IMAGE_RB);
  const paste = async (dt: Awaited<ReturnType<typeof transfer>>, target: string) =>
    page.evaluate(
      ({ dt, target }) => document.querySelector(target)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })),
      { dt, target },
    );

  await paste(await transfer(page, { path: SQUARE, name: 'clip.png', type: 'image/png' }), 'body');
  await expect(subtitle(page)).toHaveText(/^clip\.png: /);
  await waitReady(page);

  // A screenshot pasted from the clipboard usually has no file name.
  await paste(await transfer(page, { path: IMAGE_RB, name: '', type: 'image/png' }), 'body');
  await expect(subtitle(page)).toHaveText(/^pasted image: /);
  await waitReady(page);

  // Text pasted into the query field is the field's: no encode, no error.
  const pdBefore = await page.getByRole('alert').count();
  await paste(await transfer(page, null, 'a red square'), 'input[aria-label="Text query"]');
  await expect(subtitle(page)).toHaveText(/^pasted image: /);
  await expect(page.getByRole('alert')).toHaveCount(pdBefore);
});
