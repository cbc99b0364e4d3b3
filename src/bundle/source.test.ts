import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureFiles, lexicalFixture } from './fixtures';
import { loadEvalSet, loadVocabulary } from './loaders';
import { sourceFromDir } from './node-source';
import { readStream, rootPrefix, sourceFromFiles } from './source';
import { sourceFromUrl } from './source-url';
import { sourceFromZip } from './source-zip';
import { validateBundle } from './validate-bundle';

const files = fixtureFiles(lexicalFixture());
const under = (prefix: string) => Object.fromEntries(Object.entries(files).map(([p, b]) => [prefix + p, b]));

/** A stream that delivers `pieces` one read at a time. */
function streamOf(pieces: number[][]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < pieces.length) c.enqueue(Uint8Array.from(pieces[i++]));
      else c.close();
    },
  });
}

describe('readStream', () => {
  it('puts the pieces in place as they arrive, with progress, whatever the announced length', async () => {
    const pieces = [[1, 2, 3], [4], [5, 6]];
    const progress: Array<[number, number]> = [];
    const exact = await readStream(streamOf(pieces), 6, (a, b) => progress.push([a, b]));
    expect([...exact]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(exact.buffer.byteLength).toBe(6); // the file's own buffer: no spare room kept
    expect(progress).toEqual([[0, 6], [3, 6], [4, 6], [6, 6]]);
    // Unknown length (0), and more bytes than announced (a compressed transfer): the buffer grows.
    expect([...(await readStream(streamOf(pieces), 0))]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...(await readStream(streamOf(pieces), 2))]).toEqual([1, 2, 3, 4, 5, 6]);
    // Fewer than announced: what came, for the caller to compare with Content-Length.
    expect([...(await readStream(streamOf([[7, 8]]), 5))]).toEqual([7, 8]);
    expect((await readStream(streamOf([]), 0)).length).toBe(0);
  });
});

describe('rootPrefix', () => {
  it('strips one top folder holding manifest.json, ignoring zip clutter', () => {
    expect(rootPrefix(['manifest.json', 'a/b'])).toBe('');
    expect(rootPrefix(['top/manifest.json', 'top/a', '__MACOSX/top/._a', '.DS_Store'])).toBe('top/');
    expect(rootPrefix(['x/manifest.json', 'y/a'])).toBe('');
  });
});

describe('sourceFromZip', () => {
  it('reads a zipped bundle folder (one top-level folder) that validates', async () => {
    const src = await sourceFromZip('tiny.zip', zipSync(under('tiny-lexical/')));
    expect(await validateBundle(src)).toMatchObject({ issues: [] });
    expect(await src.size('vocab.json')).toBe(files['vocab.json'].length);
    expect(await src.has('tiny-lexical/vocab.json')).toBe(false);
    expect((await loadVocabulary(src, lexicalFixture().manifest)).tokenIds).toEqual(Int32Array.from([11, 12, 13, 14, 15]));
  });

  it('names the file when it is not a zip', async () => {
    await expect(sourceFromZip('model.onnx', new TextEncoder().encode('{"a":1}'))).rejects.toThrow(
      'model.onnx: not a zip archive (starts with bytes 7b 22 61 22), expected a .zip of a bundle folder',
    );
  });

  it('refuses paths outside the bundle', async () => {
    const src = await sourceFromZip('tiny.zip', zipSync(files));
    await expect(src.read('../manifest.json')).rejects.toThrow(
      'tiny.zip: "../manifest.json" is not a bundle path, expected a path inside the bundle folder',
    );
  });
});

describe('sourceFromFiles', () => {
  it('strips the picked folder name and streams with progress', async () => {
    const entries = Object.entries(under('picked/')).map(([path, b]) => ({ path, file: new Blob([b as Uint8Array<ArrayBuffer>]) }));
    const src = sourceFromFiles('picked', entries);
    expect(await validateBundle(src)).toMatchObject({ issues: [] });
    const progress: Array<[number, number]> = [];
    const bytes = await src.read('vocab.json', (l, t) => progress.push([l, t]));
    expect(bytes).toEqual(files['vocab.json']);
    expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
    await expect(src.read('nope.json')).rejects.toThrow('picked: nope.json is missing, expected it in the bundle');
  });
});

describe('sourceFromUrl', () => {
  /** A fake server: GET/HEAD of the fixture files under /b/, 503 for /broken/. */
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.startsWith('https://x.test/broken/')) return new Response('down', { status: 503, statusText: 'Service Unavailable' });
    const body = files[decodeURIComponent(url.replace('https://x.test/b/', ''))];
    if (!body) return new Response('not found', { status: 404 });
    const range = new Headers(init?.headers).get('Range');
    const [, from, to] = range ? /bytes=(\d+)-(\d+)/.exec(range)!.map(Number) : [0, 0, body.length - 1];
    if (range && from >= body.length) return new Response(null, { status: 416, statusText: 'Range Not Satisfiable' });
    const part = body.subarray(from, to + 1);
    const headers = { 'content-length': String(part.length) };
    return new Response(init?.method === 'HEAD' ? null : (part as Uint8Array<ArrayBuffer>), { status: range ? 206 : 200, headers });
  };

  it('validates a served bundle and reports byte progress', async () => {
    const src = sourceFromUrl('https://x.test/b', fakeFetch);
    expect(await validateBundle(src)).toMatchObject({ issues: [] });
    const progress: number[] = [];
    await src.read('tokenizer.json', (loaded, total) => {
      expect(total).toBe(files['tokenizer.json'].length);
      progress.push(loaded);
    });
    expect(progress.at(-1)).toBe(files['tokenizer.json'].length);
    expect(await src.readHead!('vision/model.onnx', 4)).toEqual(files['vision/model.onnx'].subarray(0, 4));
  });

  it('names the URL and the status on a non-2xx answer, and 404 as missing', async () => {
    await expect(sourceFromUrl('https://x.test/broken/', fakeFetch).read('manifest.json')).rejects.toThrow(
      'https://x.test/broken/manifest.json: HTTP 503 Service Unavailable, expected 200 OK',
    );
    await expect(sourceFromUrl('https://x.test/b/', fakeFetch).read('gone.json')).rejects.toThrow(
      'https://x.test/b/: gone.json is missing, expected it in the bundle',
    );
    expect(await sourceFromUrl('https://x.test/b/', fakeFetch).has('gone.json')).toBe(false);
  });

  it('says "no bundle here" when a server answers manifest.json with its HTML page', async () => {
    // What `vite preview` does for a missing file: 200 and index.html.
    const spa: typeof fetch = async () =>
      new Response('<!doctype html>\n<html><body><div id="root"></div></body></html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const expected = 'https://x.test/nothing/manifest.json: no bundle here (the server answered with an HTML page, not JSON); check the bundle URL';
    await expect(sourceFromUrl('https://x.test/nothing/', spa).read('manifest.json')).rejects.toThrow(expected);
    // The validator reports it as the bundle's one problem, not as a JSON parse error.
    const { manifest, issues } = await validateBundle(sourceFromUrl('https://x.test/nothing/', spa));
    expect(manifest).toBeNull();
    expect(issues.map((i) => i.message)).toEqual([expected]);
    // Without a content type, the body still gives it away.
    const bare: typeof fetch = async () => new Response(new TextEncoder().encode('  <html></html>'), { status: 200 });
    await expect(sourceFromUrl('https://x.test/nothing/', bare).read('manifest.json')).rejects.toThrow(expected);
  });
});

describe('sourceFromDir', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads a bundle folder on disk, and an eval set inside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lexvla-bundle-'));
    dirs.push(dir);
    for (const [p, b] of Object.entries(files)) {
      await mkdir(join(dir, ...p.split('/').slice(0, -1)), { recursive: true });
      await writeFile(join(dir, ...p.split('/')), b);
    }
    const evalSet = { format: 'lexvla-evalset', version: 1, name: 'e', classes: ['dog'], items: [{ id: 'a', image: 'a.png', captions: [] }] };
    await mkdir(join(dir, 'eval'));
    await writeFile(join(dir, 'eval', 'evalset.json'), JSON.stringify(evalSet));
    const src = sourceFromDir(dir);
    expect(await validateBundle(src)).toMatchObject({ issues: [] });
    expect(await src.readHead!('vision/model.onnx', 2)).toEqual(new Uint8Array([0x08, 0x08]));
    expect(await loadEvalSet(src, 'eval')).toEqual({ evalSet, dir: 'eval' });
    await expect(loadEvalSet(src, 'nope')).rejects.toThrow(`${dir}: nope/evalset.json is missing, expected it in the bundle`);
  });
});
