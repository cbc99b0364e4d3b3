/**
 * Bad bundles, one case each: the exact error text (role=alert) is part of the contract, and the
 * model and image loaded before must keep working. Broken manifests, graphs, masks and zips are
 * made at test time from the good fixtures and loaded as zips (or served at a URL); the broken
 * models are folders from e2e/fixtures/bad/. The cases are grouped by what breaks, in the order
 * of docs/bundle-format.md ("What the explorer refuses").
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { constantGraph, ELEM } from '../src/bundle/onnx-write';
import { editZipEntry } from '../src/bundle/zip-edit';
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

/** Every file under `dir`, by bundle path. */
function filesOf(dir: string, prefix = ''): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir + prefix)) {
    const path = prefix + f;
    if (statSync(dir + path).isDirectory()) Object.assign(out, filesOf(dir, `${path}/`));
    else out[path] = new Uint8Array(readFileSync(dir + path));
  }
  return out;
}

/** The gallery fixture (it has an evaluation set with masks) with `edit` applied, as a zip. */
function galleryZipOf(edit: (files: Record<string, Uint8Array>) => void): Buffer {
  const files = filesOf(fixture('color-gallery-bundle/'));
  edit(files);
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  for (const f of m.files as Array<{ path: string; bytes: number }>) f.bytes = files[f.path].length;
  files['manifest.json'] = strToU8(JSON.stringify(m, null, 1));
  return Buffer.from(zipSync(files));
}

/**
 * The dense fixture with a word table (manifest wordEmbeddings: 3 colour words of its width 3,
 * int8 with a scale per row), edited, as a zip; manifest.files[].bytes follow the edited sizes.
 */
function denseWordsZip(edit: (m: Json, files: Record<string, Uint8Array>) => void): Buffer {
  const files = filesOf(fixture('color-dense-bundle/'));
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  files['words/vocab.json'] = strToU8(JSON.stringify({ words: ['red', 'green', 'blue'], tokenIds: [1, 2, 3] }));
  files['words/embeddings.bin'] = new Uint8Array(4 * 3 + 3 * 3);
  m.wordEmbeddings = { file: 'words/embeddings.bin', vocabulary: { file: 'words/vocab.json', size: 3, rule: 'colours' }, shape: [3, 3], dtype: 'int8', scale: 'row', template: '{word}' };
  m.files.push({ path: 'words/vocab.json', bytes: 0 }, { path: 'words/embeddings.bin', bytes: 0 });
  edit(m, files);
  for (const f of m.files as Array<{ path: string; bytes: number }>) f.bytes = files[f.path].length;
  files['manifest.json'] = strToU8(JSON.stringify(m, null, 1));
  return Buffer.from(zipSync(files));
}

/** The good fixture, zipped, with one entry's directory record rewritten (zip-edit.ts). */
const zipWithEntry = (entry: string, e: Parameters<typeof editZipEntry>[2]) => () => Buffer.from(editZipEntry(zipOf(() => {}), entry, e));

/** UTF-16 little-endian with a byte-order mark, as Windows Notepad once saved "Unicode". */
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0xfeff, true);
  for (let i = 0; i < text.length; i++) v.setUint16(2 + i * 2, text.charCodeAt(i), true);
  return out;
}

const invalid = (n: number, ...lines: string[]) =>
  `Could not load the model bundle: broken.zip is not a valid bundle (${n} problem${n === 1 ? '' : 's'}):\n${lines.map((l) => `- ${l}`).join('\n')}`;

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
        m.vocabulary.size = dropLastWord(files);
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


/** Removes vocab.json's last word (and its token id); returns the new vocabulary size. */
function dropLastWord(files: Record<string, Uint8Array>): number {
  const v = JSON.parse(new TextDecoder().decode(files['vocab.json']));
  v.words.pop();
  v.tokenIds.pop();
  files['vocab.json'] = strToU8(JSON.stringify(v));
  return v.words.length;
}

/** Bad bundles by category; each error names the file, the field, the value and the expectation. */
const categories: Case[] = [
  // 0. A dense bundle's word table (wordEmbeddings) against its manifest.
  {
    name: 'a word table of an unsupported dtype',
    zip: () => denseWordsZip((m) => (m.wordEmbeddings.dtype = 'float32')),
    error: invalid(1, 'manifest.json: wordEmbeddings.dtype is "float32", expected one of "float16", "int8"'),
  },
  {
    name: 'a word table of the wrong size for its shape, and a word list of another length',
    zip: () =>
      denseWordsZip((_m, files) => {
        files['words/embeddings.bin'] = new Uint8Array(20);
        files['words/vocab.json'] = strToU8(JSON.stringify({ words: ['red', 'blue'], tokenIds: [1, 3] }));
      }),
    error: invalid(
      2,
      'words/embeddings.bin: size is 20 bytes, expected 21 bytes for int8 [3,3] with one float32 scale per row (4 x 3 + 3 x 3 bytes), wordEmbeddings in manifest.json',
      'words/vocab.json: words has 2 entries, expected 3 (wordEmbeddings.vocabulary.size and wordEmbeddings.shape[0] in manifest.json)',
    ),
  },
  // 1. The ONNX graph against the manifest.
  {
    name: 'manifest claiming a 14,000 px input for a 224 px graph',
    zip: () =>
      zipOf((m) => {
        m.preprocess.inputSize = [14000, 14000];
        m.preprocess.grid = [1000, 1000];
        m.preprocess.resize.shortestEdge = 14000;
        m.vision.input.shape = [1, 3, 14000, 14000];
        m.vision.outputs.patch.shape = [1, 1000000, 24];
      }),
    error: invalid(
      2,
      'vision.onnx: graph input "pixel_values" shape is [1,3,224,224], expected [1,3,14000,14000] (vision.input.shape in manifest.json)',
      'vision.onnx: graph output "patch_scores" shape is [1,256,24], expected [1,1000000,24] (vision.outputs.patch.shape in manifest.json; 24 = vocabulary.size)',
    ),
  },
  {
    name: "a vocabulary of another size than the graph's output",
    zip: () =>
      zipOf((m, files) => {
        m.vocabulary.size = dropLastWord(files);
        m.vision.outputs.patch.shape = [1, 256, 23];
        m.vision.outputs.global.shape = [1, 23];
      }),
    error: invalid(
      2,
      'vision.onnx: graph output "patch_scores" shape is [1,256,24], expected [1,256,23] (vision.outputs.patch.shape in manifest.json; 23 = vocabulary.size)',
      'vision.onnx: graph output "global" shape is [1,24], expected [1,23] (vision.outputs.global.shape in manifest.json; 23 = vocabulary.size)',
    ),
  },
  {
    name: 'a graph of an IR version onnxruntime-web 1.30 cannot load',
    zip: () =>
      zipOf((_, files) => {
        files['vision.onnx'] = files['vision.onnx'].slice();
        files['vision.onnx'][1] = 14; // ir_version, the first field
      }),
    error: invalid(1, "vision.onnx: ir_version is 14, expected at most 13 (the newest ONNX IR version onnxruntime-web 1.30 loads; export again with an older onnx, or lower the model's ir_version)"),
  },
  // 2. A graph that loads but does not run as the manifest says: refused by the load's first run.
  {
    name: 'a graph whose first run returns other shapes than the manifest',
    zip: () =>
      zipOf((_, files) => {
        files['vision.onnx'] = constantGraph({
          inputs: [{ name: 'pixel_values', elemType: ELEM.float32, shape: [1, 3, 224, 224] }],
          outputs: [{ name: 'patch_scores', elemType: ELEM.float32, shape: ['b', 'p', 'v'] }, { name: 'global', elemType: ELEM.float32, shape: ['b', 'v'] }],
          runShapes: { patch_scores: [1, 256, 25], global: [1, 25] },
        });
      }),
    error:
      'Could not load the model bundle: vision.onnx: a first run on a blank image disagrees with manifest.json (2 problems):\n' +
      '- vision.onnx: output "patch_scores" of a first run on a blank image has shape [1,256,25], expected [1,256,24] (vision.outputs.patch.shape in manifest.json; 24 = vocabulary.size)\n' +
      '- vision.onnx: output "global" of a first run on a blank image has shape [1,25], expected [1,24] (vision.outputs.global.shape in manifest.json; 24 = vocabulary.size)',
  },
  // 3. Evaluation-set masks, from their PNG headers.
  {
    name: 'an evaluation mask of the wrong size',
    zip: () => galleryZipOf((f) => (f['eval/red-left-blue-right.mask.png'] = new Uint8Array(readFileSync(fixture('masks/wrong-size-100x80.png'))))),
    error: invalid(
      1,
      'eval/red-left-blue-right.mask.png: size is 100x80, expected 224x224, the size of eval/red-left-blue-right.png (items[0].mask in eval/evalset.json; masks are pixel-aligned with their images)',
    ),
  },
  {
    name: 'an evaluation mask that is not a PNG, another in colour',
    zip: () =>
      galleryZipOf((f) => {
        f['eval/red-left-blue-right.mask.png'] = new Uint8Array(readFileSync(fixture('masks/not-a-png.png')));
        f['eval/red-square-on-blue.mask.png'] = new Uint8Array(readFileSync(fixture('masks/rgb-not-grayscale.png')));
      }),
    error: invalid(
      2,
      'eval/red-left-blue-right.mask.png: not a PNG (starts with "this is n"), expected an 8- or 16-bit grayscale PNG of class indices (items[0].mask in eval/evalset.json)',
      'eval/red-square-on-blue.mask.png: is an 8-bit RGB PNG, expected an 8- or 16-bit grayscale PNG of class indices (items[1].mask in eval/evalset.json)',
    ),
  },
  // 4. Zips: sizes from the directory are checked, methods and encryption named, a deep manifest found.
  {
    name: 'a zip entry declaring 4 GB',
    zip: zipWithEntry('vocab.json', { size: 0xffffffff }),
    error: invalid(1, 'vocab.json: the zip entry "vocab.json" declares 4294967295 bytes, expected at most 2147483648 (2 GiB, the largest file the explorer unpacks from a zip)'),
  },
  {
    name: 'a zip entry compressed with bzip2',
    zip: zipWithEntry('vision.onnx', { method: 12 }),
    error: invalid(
      1,
      'vision.onnx: the zip entry "vision.onnx" is compressed with bzip2 (method 12), expected stored (method 0) or deflate (method 8), the methods the explorer unpacks (zip the bundle again with `zip -r` or your system\'s "Compress")',
    ),
  },
  {
    name: 'an encrypted zip entry',
    zip: zipWithEntry('vocab.json', { flags: 1 }),
    error: invalid(1, 'vocab.json: the zip entry "vocab.json" is encrypted, expected an unencrypted entry (the explorer cannot decrypt zips: zip the bundle again without a password)'),
  },
  {
    name: 'a zip whose manifest is two folders down, under a name with an escape sequence',
    zip: () => Buffer.from(zipSync(Object.fromEntries(Object.entries(good).map(([p, b]) => [`export\u001b[2J/run/${p}`, b])) as Zippable)),
    error: invalid(
      1,
      'broken.zip: manifest.json is not at the bundle root, found "export\\u001b[2J/run/manifest.json", 2 folders down; expected it at the top or one folder down (zip or pick the folder "export\\u001b[2J/run" itself)',
    ),
  },
  // 5. Encodings.
  {
    name: 'a UTF-16 manifest',
    zip: () => Buffer.from(zipSync({ ...good, 'manifest.json': utf16le(new TextDecoder().decode(good['manifest.json'])) })),
    error: invalid(1, 'manifest.json: encoded as UTF-16, little-endian (byte-order mark FF FE), expected UTF-8 (the JSON files of a bundle are UTF-8: save it as UTF-8)'),
  },
  // 7. The rules docs/bundle-format.md states for words and links.
  {
    name: 'a word listed twice in vocab.json',
    zip: () =>
      zipOf((_, files) => {
        const v = JSON.parse(new TextDecoder().decode(files['vocab.json']));
        v.words[5] = v.words[3];
        files['vocab.json'] = strToU8(JSON.stringify(v));
      }),
    error: invalid(1, `vocab.json: words[5] is "${JSON.parse(new TextDecoder().decode(good['vocab.json'])).words[3]}", expected a word no other entry has (words[3] is the same): each vocabulary entry is one distinct word`),
  },
  {
    name: 'a zip entry that is a symbolic link',
    zip: () => Buffer.from(zipSync({ ...good, 'vocab.json': [good['vocab.json'], { os: 3, attrs: 0o120777 << 16 }] })),
    error: invalid(1, 'vocab.json: the zip entry "vocab.json" is a symbolic link, expected a regular file (a bundle file may not be a link)'),
  },
];

/**
 * Serves `files` under /remote/<name>/ as a static server does (sirv, behind `vite preview`):
 * HEAD with the length, GET, and Range answered 206, or 416 past the end (an empty file's every range).
 */
async function serve(page: Page, name: string, files: Record<string, Uint8Array>): Promise<string> {
  await page.route(new RegExp(`/remote/${name}/`), async (route: Route) => {
    const req = route.request();
    const path = decodeURIComponent(new URL(req.url()).pathname.replace(`/remote/${name}/`, ''));
    const body = files[path];
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'cross-origin-resource-policy': 'same-origin' };
    const range = /bytes=(\d+)-(\d+)/.exec((await req.allHeaders())['range'] ?? '');
    if (!range) return route.fulfill({ status: 200, headers: { ...headers, 'content-length': String(body.length) }, body: req.method() === 'HEAD' ? '' : Buffer.from(body) });
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from >= body.length) return route.fulfill({ status: 416, headers: { ...headers, 'content-range': `bytes */${body.length}` }, body: '' });
    const part = body.subarray(from, Math.min(to + 1, body.length));
    return route.fulfill({ status: 206, headers: { ...headers, 'content-range': `bytes ${from}-${from + part.length - 1}/${body.length}` }, body: Buffer.from(part) });
  });
  return `${new URL(page.url()).origin}/remote/${name}/`;
}

async function loadUrl(page: Page, url: string): Promise<void> {
  await page.getByLabel('Bundle URL').fill(url);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
}

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

  for (const c of [...cases, ...categories]) {
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

  test('URL: a ?bundle= URL naming a zip loads it (the app asks for the zip, not for a manifest inside it)', async ({ page }) => {
    const zipped = Buffer.from(zipOf((m) => (m.name = 'colour-fixture-zipped')));
    const base = await serve(page, 'zipped', { 'colour.zip': new Uint8Array(zipped) });
    await page.goto(`/?bundle=${encodeURIComponent(`${base}colour.zip`)}`);
    await expect(page.locator('body')).toHaveAttribute('data-phase', 'ready');
    await expect(page.getByTestId('model-name')).toHaveText('colour-fixture-zipped');
    await uploadImage(page, IMAGE_RB);
    expect((await wordsAt(page, 2, 2))[0].word).toBe('red');
  });

  test('URL: a zip at a URL is checked like an uploaded one', async ({ page }) => {
    const base = await serve(page, 'zipped-bad', { 'bundle.zip': new Uint8Array(zipWithEntry('vision.onnx', { method: 14 })()) });
    await loadUrl(page, `${base}bundle.zip`);
    expect(await lastAlert(page)).toBe(
      'Could not load the model bundle: bundle.zip is not a valid bundle (1 problem):\n' +
        '- vision.onnx: the zip entry "vision.onnx" is compressed with LZMA (method 14), expected stored (method 0) or deflate (method 8), the methods the explorer unpacks (zip the bundle again with `zip -r` or your system\'s "Compress")',
    );
    await stillWorks(page);
  });

  // 6. An empty model over HTTP: the server answers the first-bytes request with 416.
  test('URL: a zero-length model is "an empty file", not "HTTP 416"', async ({ page }) => {
    const files: Record<string, Uint8Array> = { ...good, 'vision.onnx': new Uint8Array(0) };
    const m = goodManifest();
    for (const f of m.files as Array<{ path: string; bytes: number }>) f.bytes = files[f.path].length;
    const base = await serve(page, 'empty-model', { ...files, 'manifest.json': strToU8(JSON.stringify(m)) });
    await loadUrl(page, base);
    expect(await lastAlert(page)).toBe(
      `Could not load the model bundle: ${base} is not a valid bundle (1 problem):\n` +
        '- vision.onnx: not an ONNX model: starts with nothing (an empty file), expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)',
    );
    await stillWorks(page);
  });
});
