/**
 * Smoke tests of the `lexvla` bin as a user runs it (a child process through cli/bin.mjs), on
 * the fixture bundles. Exit codes and the key lines of output are the contract.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args';

function lexvla(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const BUNDLE = 'e2e/fixtures/color-bundle';
const IMAGES = 'e2e/fixtures/images';
const RETRIEVAL_SET = 'e2e/fixtures/colour-retrieval';

describe('lexvla validate', () => {
  it('passes the fixture with a one-line summary', () => {
    const r = lexvla('validate', BUNDLE);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${BUNDLE}: ok — colour-fixture (lexical, V=24, grid 16x16, text lookup, 3 files, 0.0 MB, no SHA-256 listed)\n`);
  });

  it('also reads the zipped bundle', () => {
    expect(lexvla('validate', 'e2e/fixtures/color-bundle.zip').code).toBe(0);
  });

  it('lists every issue and exits 1 on a truncated model', () => {
    const r = lexvla('validate', 'e2e/fixtures/bad/truncated-model');
    expect(r.code).toBe(1);
    expect(r.err).toContain('- vision.onnx: size is 642 bytes, expected 1284 bytes (files[1] in manifest.json)');
  });

  it('checks the SHA-256 of every file of a bundle that lists them, and names a file that differs', () => {
    const ok = lexvla('validate', 'public/models/lexvla-tiny');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/, SHA-256 of every file checked\)\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'lexvla-sha-'));
    try {
      cpSync('public/models/lexvla-tiny', dir, { recursive: true });
      const vocab = join(dir, 'vocab.json');
      const bytes = readFileSync(vocab);
      bytes[bytes.indexOf(0x0a)] = 0x20; // still valid JSON, same size
      writeFileSync(vocab, bytes);
      const r = lexvla('validate', dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^- vocab\.json: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \(files\[\d+\]\.sha256 in manifest\.json\); the file is not the one the manifest was written for/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`hash` pins every file of a bundle made without hashes, and pins a replaced file again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexvla-hash-'));
    try {
      cpSync(BUNDLE, dir, { recursive: true });
      const before = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const r = lexvla('hash', dir);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${join(dir, 'manifest.json')}: SHA-256 of 3 files written (3 new or changed)\n`);
      const after = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      // Only the hashes were added, each the file's own (Node's implementation, not the CLI's).
      expect(after.files).toEqual(
        before.files.map((f: { path: string }) => ({ ...f, sha256: createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex') })),
      );
      expect({ ...after, files: null }).toEqual({ ...before, files: null });
      expect(lexvla('validate', dir).out).toContain(', SHA-256 of every file checked)');
      // A file replaced by another of the same size: validate names it, hash pins the new bytes.
      const vocab = join(dir, 'vocab.json');
      const bytes = readFileSync(vocab);
      bytes[bytes.indexOf(0x0a)] = 0x20;
      writeFileSync(vocab, bytes);
      expect(lexvla('validate', dir).code).toBe(1);
      expect(lexvla('hash', dir).out).toContain('(1 new or changed)');
      expect(lexvla('validate', dir).code).toBe(0);
      // A bundle with a problem is refused, and its manifest left as it was.
      writeFileSync(vocab, bytes.subarray(1));
      const manifest = readFileSync(join(dir, 'manifest.json'));
      const refused = lexvla('hash', dir);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('vocab.json: size is');
      expect(readFileSync(join(dir, 'manifest.json'))).toEqual(manifest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with usage on a missing argument', () => {
    const r = lexvla('validate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lexvla: expected <bundle-dir\|zip>, found 0 argument\(s\)/);
  });
});

describe('lexvla encode', () => {
  it('prints the top words, active count and timings as JSON', () => {
    const r = lexvla('encode', BUNDLE, `${IMAGES}/red-left-blue-right.png`, '--top', '2');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(new Set(j.top.map((w: { word: string }) => w.word))).toEqual(new Set(['red', 'blue']));
    expect(j.activeCount).toBeGreaterThanOrEqual(2);
    expect(Object.keys(j.timingsMs)).toEqual(['decode', 'preprocess', 'inference', 'postprocess']);
    expect(j.runtime).toMatch(/^onnxruntime-node /);
  });

  it('names the bad image and exits 1', () => {
    const r = lexvla('encode', BUNDLE, 'e2e/fixtures/bad/not-an-image.txt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^lexvla: not-an-image\.txt: not an image/);
  });

  it('refuses a backend Node does not have', () => {
    const r = lexvla('encode', BUNDLE, `${IMAGES}/red-left-blue-right.png`, '--backend', 'webgpu');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--backend is "webgpu", expected "cpu"`);
  });
});

describe('lexvla eval', () => {
  it('retrieval --json gives recall in both directions', () => {
    // A set whose ranks are known (e2e/fixtures/colour-retrieval/README.md): one weak caption
    // misses at R@1 and hits at R@5, one caption unrelated to its image misses at R@5.
    const r = lexvla('eval', 'retrieval', BUNDLE, RETRIEVAL_SET, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ images: 7, captions: 8, textMode: 'lookup' });
    expect(j.i2t).toEqual({ 1: 5 / 7, 5: 6 / 7, 10: 1 });
    expect(j.t2i).toEqual({ 1: 6 / 8, 5: 7 / 8, 10: 1 });
  });

  it('patchdis labels the colour fixture perfectly', () => {
    const r = lexvla('eval', 'patchdis', BUNDLE, IMAGES, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.miou).toBe(1);
    expect(j.perClass.map((c: { class: string; iou: number }) => [c.class, c.iou])).toEqual([['red', 1], ['blue', 1]]);
  });

  it('patchdis with an impossible threshold predicts background only', () => {
    const r = lexvla('eval', 'patchdis', BUNDLE, IMAGES, '--threshold', '2', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).miou).toBe(0);
  });
});

describe('parseArgs', () => {
  it('reads flags in both forms and rejects unknown ones', () => {
    expect(parseArgs(['a', '--top=3', '--json', 'b'], { top: 'number', json: 'boolean' })).toEqual({
      positional: ['a', 'b'],
      flags: { top: 3, json: true },
    });
    expect(() => parseArgs(['--tpo', '3'], { top: 'number' })).toThrow(new UsageError('unknown option --tpo; expected one of: --top'));
    expect(() => parseArgs(['--top', 'x'], { top: 'number' })).toThrow(new UsageError('--top is "x", expected a number'));
  });
});
