/**
 * Content hashes: Web Crypto's SHA-256 against Node's own implementation, the reading wrapper
 * the app loads through, and `checkHashes` (lexvla validate).
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHashes, pinsEveryFile, sha256Hex, verifying } from './integrity';
import { BundleError } from './issues';
import { sourceFromMemory, type BundleSource } from './source';
import type { Manifest } from './types';

const nodeSha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const enc = (s: string) => new TextEncoder().encode(s);

/** A bundle of three files, `hashed` of which are listed with their SHA-256 (of `listedBytes`, default the files). */
function bundle(hashed: string[], listedBytes: Record<string, Uint8Array> = {}) {
  const files: Record<string, Uint8Array> = { 'vision.onnx': randomBytes(3000), 'vocab.json': enc('{"words":["red"]}'), 'notes.txt': enc('x') };
  const manifest = {
    files: Object.entries(files).map(([path, b]) => ({
      path,
      bytes: b.length,
      ...(hashed.includes(path) ? { sha256: nodeSha(listedBytes[path] ?? b) } : {}),
    })),
  };
  const all = { ...files, 'manifest.json': enc(JSON.stringify(manifest)) };
  return { files, manifest: manifest as unknown as Manifest, source: sourceFromMemory('mem', all) };
}

/** Counts the reads that reach the source. */
function counting(source: BundleSource) {
  const reads: string[] = [];
  return { reads, source: { ...source, read: (p: string, on?: (a: number, b: number) => void) => (reads.push(p), source.read(p, on)) } };
}

describe('sha256Hex', () => {
  it('is SHA-256: the standard vector and Node\'s implementation on random data', async () => {
    expect(await sha256Hex(enc('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [0, 1, 63, 64, 65, 100_000]) {
      const b = randomBytes(n);
      expect(await sha256Hex(b)).toBe(nodeSha(b));
    }
  });
});

describe('verifying', () => {
  it('passes the bytes of files that match their listed hash, and of files listed without one', async () => {
    const { files, source } = bundle(['vision.onnx', 'vocab.json']);
    const v = verifying(source);
    await v.read('manifest.json');
    expect(await v.read('vision.onnx')).toEqual(files['vision.onnx']);
    expect(await v.read('notes.txt')).toEqual(files['notes.txt']);
  });

  it('names the file, the field and both hashes when the bytes differ from the manifest', async () => {
    const other = randomBytes(3000);
    const { files, source } = bundle(['vision.onnx'], { 'vision.onnx': other });
    const v = verifying(source);
    await v.read('manifest.json');
    const e = await v.read('vision.onnx').then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(BundleError);
    const found = nodeSha(files['vision.onnx']);
    expect((e as BundleError).issues).toEqual([
      {
        file: 'vision.onnx',
        field: 'sha256',
        found,
        expected: `${nodeSha(other)} (files[0].sha256 in manifest.json)`,
        message: `vision.onnx: SHA-256 is ${found}, expected ${nodeSha(other)} (files[0].sha256 in manifest.json); the file is not the one the manifest was written for (changed since, or corrupted in transit)`,
      },
    ]);
  });

  it('reads the manifest itself when a file is read before it, once', async () => {
    const { source: inner } = bundle(['vocab.json'], { 'vocab.json': enc('{"words":["blue"]}') });
    const { reads, source } = counting(inner);
    const v = verifying(source);
    await expect(v.read('vocab.json')).rejects.toThrow(/^vocab\.json: SHA-256 is [0-9a-f]{64}, expected/);
    await expect(v.read('vocab.json')).rejects.toThrow(BundleError);
    expect(reads.filter((p) => p === 'manifest.json')).toHaveLength(1);
  });

  it('passes partial reads through unchecked (the validator sniffs ONNX headers with them)', async () => {
    const { files, source } = bundle(['vision.onnx'], { 'vision.onnx': randomBytes(3000) });
    const head = verifying({ ...source, readHead: async (p, n) => (await source.read(p)).subarray(0, n) }).readHead!;
    expect(await head('vision.onnx', 8)).toEqual(files['vision.onnx'].subarray(0, 8));
  });
});

describe('checkHashes and pinsEveryFile', () => {
  it('reports each file whose bytes differ, and only those', async () => {
    const { manifest, source } = bundle(['vision.onnx', 'vocab.json'], { 'vocab.json': enc('{}') });
    const issues = await checkHashes(source, manifest);
    expect(issues.map((i) => [i.file, i.field])).toEqual([['vocab.json', 'sha256']]);
  });

  it('a manifest pins the bundle only when every file carries a hash', () => {
    expect(pinsEveryFile(bundle(['vision.onnx', 'vocab.json', 'notes.txt']).manifest)).toBe(true);
    expect(pinsEveryFile(bundle(['vision.onnx', 'vocab.json']).manifest)).toBe(false);
    expect(pinsEveryFile({ files: [] })).toBe(false);
  });
});
