/**
 * Bad images, one case each: the exact error text (role=alert), and the image shown before
 * stays: hovering it still gives its words.
 */
import { expect, test } from '@playwright/test';
import { IMAGE_RB, fixture, openApp, uploadBadImage, uploadImage, wordsAt } from './helpers';

const cases: Array<{ file: string; error: string }> = [
  {
    file: 'not-an-image.txt',
    error: 'Could not use the image: not-an-image.txt: not an image (starts with "hello wor"); expected a PNG, JPEG or GIF image',
  },
  {
    file: 'empty.png',
    error: 'Could not use the image: empty.png: the file is empty (0 bytes); expected a PNG, JPEG or GIF image',
  },
  {
    file: 'corrupt.png',
    error: 'Could not use the image: corrupt.png: the PNG data is corrupt or truncated (unexpected end of data)',
  },
  {
    file: 'huge-10000.png',
    error: 'Could not use the image: huge-10000.png: 10000 x 10000 pixels (100.0 MP) is larger than the 40 MP limit; downscale it first',
  },
  {
    file: 'animated.gif',
    error: 'Could not use the image: animated.gif: animated GIF with 3 frames; save one frame as PNG or JPEG',
  },
  {
    file: 'vector.svg',
    error: 'Could not use the image: vector.svg: SVG is a vector format and is not supported; export it as PNG or JPEG',
  },
];

test.describe('bad images', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await uploadImage(page, IMAGE_RB);
  });

  for (const c of cases) {
    test(c.file, async ({ page }) => {
      await uploadBadImage(page, fixture(`bad/${c.file}`));
      await expect(page.getByRole('alert').last().locator('p').first()).toHaveText(c.error);
      // The previous image is still the one shown and explored.
      await expect(page.getByRole('region', { name: 'Global words' }).locator('.subtitle')).toHaveText(/^red-left-blue-right\.png: /);
      expect((await wordsAt(page, 6, 1))[0].word).toBe('red');
      expect((await wordsAt(page, 6, 15))[0].word).toBe('blue');
    });
  }
});
