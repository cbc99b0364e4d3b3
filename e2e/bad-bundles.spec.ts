/**
 * Bad bundles, one case each: the exact error text (role=alert) is part of the contract, and the
 * model and image loaded before must keep working. Broken manifests are made at test time from
 * the good fixture and loaded as zips; the broken models are folders from e2e/fixtures/bad/.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { BUNDLE_NAME, IMAGE_RB, fixture, openApp, uploadImage, wordsAt } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The good fixture's files, read once. */
const GOOD_DIR = fixture('color-bundle/');
const good: Record<string, Uint8Array> = Object.fromEntries(
  readdirSync(GOOD_DIR).map((f) => [f, new Uint8Array(readFileSync(GOOD_DIR + f))]),
);
const goodManifest = (): Json => JSON.parse(new TextDecoder().decode(good['manifest.json']));

/** A zip of the fixture with edited files; manifest.files[].bytes follow the edited sizes. */
function zipOf(edit: (m: Json, files: Record<string, Uint8Array>) => void): Buffer {
  const files = { ...good };
  const m = goodManifest();
  edit(m, files);
  for (const f of m.files as Array<{ path: string; bytes: number }>) if (files[f.path]) f.bytes = files[f.path].length;
  files['manifest.json'] = strToU8(JSON.stringify(m, null, 1));
  return Buffer.from(zipSync(files));
}

interface Case {
  name: string;
  zip: () => Buffer;
  error: string;
}

const cases: Case[] = [
  {
    name: 'manifest with a missing field',
    zip: () => zipOf((m) => delete m.preprocess.patchSize),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (1 problem):\n- manifest.json: preprocess.patchSize is missing, expected a positive integer',
  },
  {
    name: 'manifest field of the wrong type',
    zip: () => zipOf((m) => (m.sparsify.threshold = 'low')),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (1 problem):\n- manifest.json: sparsify.threshold is "low", expected a number in (0, 1), usually 1/sqrt(V)',
  },
  {
    name: 'input of the wrong shape',
    zip: () => zipOf((m) => (m.vision.input.shape = [1, 3, 224])),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (1 problem):\n- manifest.json: vision.input.shape is [1,3,224], expected 4 dimensions [1,3,H,W]',
  },
  {
    name: 'vocabulary length differs from the output width',
    zip: () =>
      zipOf((m, files) => {
        const v = JSON.parse(new TextDecoder().decode(files['vocab.json']));
        v.words.pop();
        v.tokenIds.pop();
        files['vocab.json'] = strToU8(JSON.stringify(v));
        m.vocabulary.size = v.words.length;
      }),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (2 problems):\n- manifest.json: vision.outputs.patch.shape is [1,256,24], expected [1,256,23] (patches = grid 16x16, width = vocabulary.size 23)\n- manifest.json: vision.outputs.global.shape is [1,24], expected [1,23] (width = vocabulary.size 23)',
  },
  {
    name: 'a path escaping the bundle folder',
    zip: () =>
      zipOf((m) => {
        m.vision.file = '../vision.onnx';
      }),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (1 problem):\n- manifest.json: vision.file is "../vision.onnx", expected a path inside the bundle folder',
  },
  {
    name: 'unknown format version',
    zip: () => zipOf((m) => (m.version = 2)),
    error:
      'Could not load the model bundle: broken.zip is not a valid bundle (1 problem):\n- manifest.json: version is 2, expected 1 (this explorer reads bundle format v1)',
  },
];

/** Hovering still gives words: the previous model and image are intact. */
async function stillWorks(page: Page): Promise<void> {
  await expect(page.getByTestId('model-name')).toHaveText(BUNDLE_NAME);
  expect((await wordsAt(page, 2, 2))[0].word).toBe('red');
  expect((await wordsAt(page, 2, 14))[0].word).toBe('blue');
}

async function lastAlert(page: Page): Promise<string> {
  const alert = page.getByRole('alert').last();
  await expect(alert).toBeVisible();
  return (await alert.innerText()).replace(/\n×$/, '').trim();
}

test.describe('bad bundles', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await uploadImage(page, IMAGE_RB);
  });

  for (const c of cases) {
    test(`zip: ${c.name}`, async ({ page }) => {
      await page.getByLabel('Load bundle zip').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: c.zip() });
      expect(await lastAlert(page)).toBe(c.error);
      await stillWorks(page);
    });
  }

  for (const [dir, error] of [
    [
      'truncated-model',
      'Could not load the model bundle: truncated-model is not a valid bundle (1 problem):\n' +
        '- vision.onnx: size is 642 bytes, expected 1284 bytes (files[1] in manifest.json); the file may be truncated (an interrupted download or copy?)',
    ],
    [
      'not-onnx',
      'Could not load the model bundle: not-onnx is not a valid bundle (1 problem):\n' +
        '- vision.onnx: not an ONNX model: starts with bytes 74 68 69 73, text, expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)',
    ],
  ] as const) {
    test(`folder: ${dir}`, async ({ page }) => {
      await page.getByLabel('Load bundle folder').setInputFiles(fixture(`bad/${dir}`));
      expect(await lastAlert(page)).toBe(error);
      await stillWorks(page);
    });
  }
});
