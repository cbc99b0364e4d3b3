/**
 * `lexvla validate` on broken bundles on disk (folders and zips): exit code 1 and, on stderr, the
 * heading and one line per problem naming the file, the field, the value and what was expected.
 * Run in-process through `main` (its output escaping included); one case goes through the bin,
 * as a terminal sees it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { editZipEntry } from '../src/bundle/zip-edit';
import { main } from './main';

const GOOD = 'e2e/fixtures/color-bundle';
const tmp = mkdtempSync(join(tmpdir(), 'lexvla-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const files = (): Record<string, Uint8Array> =>
  Object.fromEntries(['manifest.json', 'vision.onnx', 'vocab.json', 'tokenizer.json'].map((f) => [f, new Uint8Array(readFileSync(join(GOOD, f)))]));

/** A copy of the good bundle, edited, as a folder named `name`. */
function folder(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(GOOD, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** The good bundle's manifest, edited and written back with sizes that match. */
function editManifest(dir: string, edit: (m: any) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  edit(m);
  writeFileSync(path, JSON.stringify(m, null, 1));
}

async function validate(path: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['validate', path], { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

const cases: Array<{ name: string; path: () => string; err: (path: string) => string }> = [
  {
    name: 'manifest claiming a 14,000 px input for a 224 px graph',
    path: () =>
      folder('huge-input', (dir) =>
        editManifest(dir, (m) => {
          m.preprocess.inputSize = [14000, 14000];
          m.preprocess.grid = [1000, 1000];
          m.preprocess.resize.shortestEdge = 14000;
          m.vision.input.shape = [1, 3, 14000, 14000];
          m.vision.outputs.patch.shape = [1, 1000000, 24];
        }),
      ),
    err: (p) =>
      `${p}: 2 problems\n` +
      '- vision.onnx: graph input "pixel_values" shape is [1,3,224,224], expected [1,3,14000,14000] (vision.input.shape in manifest.json)\n' +
      '- vision.onnx: graph output "patch_scores" shape is [1,256,24], expected [1,1000000,24] (vision.outputs.patch.shape in manifest.json; 24 = vocabulary.size)\n',
  },
  {
    name: 'graph of a newer IR version',
    path: () =>
      folder('ir14', (dir) => {
        const g = readFileSync(join(dir, 'vision.onnx'));
        g[1] = 14; // ir_version, the file's first field
        writeFileSync(join(dir, 'vision.onnx'), g);
      }),
    err: (p) =>
      `${p}: 1 problem\n- vision.onnx: ir_version is 14, expected at most 13 (the newest ONNX IR version onnxruntime-web 1.30 loads; export again with an older onnx, or lower the model's ir_version)\n`,
  },
  {
    name: 'a zip entry compressed with bzip2',
    path: () => {
      const path = join(tmp, 'bzip2.zip');
      writeFileSync(path, editZipEntry(zipSync(files()), 'vision.onnx', { method: 12 }));
      return path;
    },
    err: (p) =>
      `${p}: 1 problem\n- vision.onnx: the zip entry "vision.onnx" is compressed with bzip2 (method 12), expected stored (method 0) or deflate (method 8), the methods the explorer unpacks (zip the bundle again with \`zip -r\` or your system's "Compress")\n`,
  },
  {
    name: 'a zip whose manifest is two folders down',
    path: () => {
      const path = join(tmp, 'deep.zip');
      writeFileSync(path, zipSync(Object.fromEntries(Object.entries(files()).map(([f, b]) => [`out/colour/${f}`, b]))));
      return path;
    },
    err: (p) =>
      `${p}: 1 problem\n- deep.zip: manifest.json is not at the bundle root, found "out/colour/manifest.json", 2 folders down; expected it at the top or one folder down (zip or pick the folder "out/colour" itself)\n`,
  },
  {
    name: 'a vocabulary file linked from outside the folder',
    path: () =>
      folder('linked', (dir) => {
        rmSync(join(dir, 'vocab.json'));
        cpSync(join(GOOD, 'vocab.json'), join(tmp, 'elsewhere.json'));
        symlinkSync(join(tmp, 'elsewhere.json'), join(dir, 'vocab.json'));
      }),
    err: (p) =>
      `${p}: 1 problem\n- vocab.json: a symbolic link to ${join(tmp, 'elsewhere.json')}, outside the bundle folder, expected a file inside the bundle folder (a bundle may not link outside itself)\n`,
  },
  {
    name: 'a word listed twice',
    path: () =>
      folder('twice', (dir) => {
        const v = JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8'));
        v.words[5] = v.words[3];
        const bytes = JSON.stringify(v);
        writeFileSync(join(dir, 'vocab.json'), bytes);
        editManifest(dir, (m) => (m.files.find((f: { path: string }) => f.path === 'vocab.json').bytes = Buffer.byteLength(bytes)));
      }),
    err: (p) =>
      `${p}: 1 problem\n- vocab.json: words[5] is "${JSON.parse(readFileSync(join(GOOD, 'vocab.json'), 'utf8')).words[3]}", expected a word no other entry has (words[3] is the same): each vocabulary entry is one distinct word\n`,
  },
];

describe('lexvla validate on broken bundles', () => {
  it.each(cases)('$name: exit 1, every problem named', async ({ path, err }) => {
    const p = path();
    const r = await validate(p);
    expect(r).toEqual({ code: 1, out: '', err: err(p) });
  });

  it('prints no control character a file name carries: the terminal sees \\x1b, not an escape sequence', () => {
    const dir = folder('clear\u001b[2J\u001b[Hscreen', (d) => rmSync(join(d, 'tokenizer.json')));
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'validate', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const shown = dir.replace(/\u001b/g, '\\x1b');
    expect(r.stderr).toBe(`${shown}: 1 problem\n- tokenizer.json: the file is missing, expected it in the bundle (files[0] in manifest.json)\n`);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
