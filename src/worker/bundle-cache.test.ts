import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceFromMemory, type BundleSource } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import { chunkedBody, clearCached, listCached, sourceFromCache, storeBundle, unchangedCopy } from './bundle-cache';
import { noteUserActive, QUIET_MS, resetUserActivity } from './user-activity';

/** Just enough Cache Storage (one Map per cache name) to run the module in Node. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const cacheOf = (m: Map<string, Response>) => ({
    async match(url: string) {
      return m.get(url)?.clone();
    },
    async put(url: string, res: Response) {
      // Cache Storage reads the body when it stores it.
      m.set(url, new Response(await res.arrayBuffer(), { headers: res.headers }));
    },
  });
  return {
    async open(name: string) {
      if (!stores.has(name)) stores.set(name, new Map());
      return cacheOf(stores.get(name)!);
    },
    async delete(name: string) {
      return stores.delete(name);
    },
  };
}

/** A source whose reads wait for `release()`: a download still running when the list is asked for. */
function slowSource(files: Record<string, Uint8Array>): { source: BundleSource; release(): void } {
  const inner = sourceFromMemory('https://x.test/b/', files);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { source: { ...inner, read: async (p, on) => (await gate, inner.read(p, on)) }, release };
}

const files = { 'manifest.json': new Uint8Array([123, 125]), 'vision.onnx': new Uint8Array(10) };
const manifest = { name: 'tiny', files: [{ path: 'vision.onnx', bytes: 10 }] } as unknown as Manifest;
const g = globalThis as Record<string, unknown>;

describe('bundle cache', () => {
  beforeEach(() => {
    g.caches = fakeCaches();
    g.self = { location: { origin: 'http://localhost:4173' } };
  });
  afterEach(() => {
    resetUserActivity();
    delete g.caches;
    delete g.self;
  });

  it('lists a bundle whose store was still running when the list was asked for', async () => {
    const { source, release } = slowSource(files);
    const stored = storeBundle('url:https://x.test/b/', source, manifest);
    const listed = listCached(); // what the app does as soon as loadBundle is answered
    release();
    await stored;
    expect(await listed).toEqual([expect.objectContaining({ key: 'url:https://x.test/b/', name: 'tiny', bytes: 12 })]);
    expect(await (await sourceFromCache('url:https://x.test/b/')).read('vision.onnx')).toEqual(new Uint8Array(10));
  });

  it('clears after a running store, so the cleared bundle does not come back', async () => {
    const { source, release } = slowSource(files);
    void storeBundle('k', source, manifest);
    const cleared = clearCached();
    release();
    await cleared;
    expect(await listCached()).toEqual([]);
  });

  it('finds the stored copy of an unchanged bundle only when its manifest pins every file', async () => {
    const vision = new Uint8Array(10);
    const sha = createHash('sha256').update(vision).digest('hex');
    const stored = (files: Record<string, unknown>[]) => new TextEncoder().encode(JSON.stringify({ name: 'tiny', files }));
    const pinned = stored([{ path: 'vision.onnx', bytes: 10, sha256: sha }]);
    const unpinned = stored([{ path: 'vision.onnx', bytes: 10 }]);
    for (const [key, bytes] of [['url:a', pinned], ['url:b', unpinned]] as const) {
      const m = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
      await storeBundle(key, sourceFromMemory('x', { 'manifest.json': bytes, 'vision.onnx': vision }), m);
    }
    expect(await unchangedCopy('url:a', pinned)).toMatchObject({ key: 'url:a', name: 'tiny' });
    // The server's manifest changed (another hash, a new field, even whitespace): download again.
    expect(await unchangedCopy('url:a', stored([{ path: 'vision.onnx', bytes: 10, sha256: createHash('sha256').update('other').digest('hex') }]))).toBeNull();
    expect(await unchangedCopy('url:a', new TextEncoder().encode(` ${new TextDecoder().decode(pinned)}`))).toBeNull();
    // Identical, but without hashes a same-size change on the server could not be seen.
    expect(await unchangedCopy('url:b', unpinned)).toBeNull();
    expect(await unchangedCopy('url:c', pinned)).toBeNull();
    expect(await unchangedCopy('url:a', new TextEncoder().encode('not json'))).toBeNull();
    // A stored entry that lacks a file of the manifest (or holds another size) is not reused.
    const short = stored([{ path: 'vision.onnx', bytes: 10, sha256: sha }, { path: 'extra.bin', bytes: 1, sha256: sha }]);
    await storeBundle('url:d', sourceFromMemory('x', { 'manifest.json': short, 'vision.onnx': vision }), {
      name: 'tiny', files: [{ path: 'vision.onnx', bytes: 10 }],
    } as unknown as Manifest);
    expect(await unchangedCopy('url:d', short)).toBeNull();
    await clearCached();
    expect(await unchangedCopy('url:a', pinned)).toBeNull();
  });

  it('leaves out the vision graphs a load did not run, and reuses such a copy only for a load that does not need them', async () => {
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const exact = new Uint8Array(10);
    const int8 = new Uint8Array(4).fill(1);
    const list = [
      { path: 'vision.int8.onnx', bytes: 4, sha256: sha(int8) },
      { path: 'vision.onnx', bytes: 10, sha256: sha(exact) },
    ];
    const bytes = new TextEncoder().encode(JSON.stringify({ name: 'tiny', files: list }));
    const read: string[] = [];
    const stored: string[] = [];
    const inner = sourceFromMemory('x', { 'manifest.json': bytes, 'vision.onnx': exact, 'vision.int8.onnx': int8 });
    const source: BundleSource = { ...inner, read: (p, on) => (read.push(p), inner.read(p, on)) };
    const entry = await storeBundle('url:v', source, { name: 'tiny', files: list } as unknown as Manifest, {
      omit: ['vision.onnx'],
      first: ['vision.int8.onnx'],
      onStored: (p) => stored.push(p),
    });
    // Never downloaded; the graph the load holds goes first, so its bytes can be dropped early.
    expect(read).toEqual(['manifest.json', 'vision.int8.onnx']);
    expect(stored).toEqual(['manifest.json', 'vision.int8.onnx']);
    expect(entry).toMatchObject({ files: [{ path: 'manifest.json', bytes: bytes.length }, { path: 'vision.int8.onnx', bytes: 4 }], omitted: ['vision.onnx'] });
    expect(await unchangedCopy('url:v', bytes, new Set(['vision.onnx']))).toMatchObject({ key: 'url:v' });
    // A load of the exact graph needs the file the copy left out: the bundle is downloaded again.
    expect(await unchangedCopy('url:v', bytes, new Set(['vision.int8.onnx']))).toBeNull();
    expect(await unchangedCopy('url:v', bytes)).toBeNull();
    const copy = await sourceFromCache('url:v');
    expect(await copy.has('vision.onnx')).toBe(false);
    await expect(copy.read('vision.onnx')).rejects.toThrow(
      'vision.onnx: not in the cached copy of tiny, which keeps only the vision graph it ran; choose that graph, or load the bundle from its URL to run this one',
    );
  });

  it('stores a file over 16 MB as 16 MB entries and reads it back whole, by range and by head', async () => {
    const big = Uint8Array.from({ length: (16 << 20) + 5 }, (_, i) => (i * 7) & 255);
    const list = [{ path: 'vision.onnx', bytes: big.length }];
    const entry = await storeBundle('url:big', sourceFromMemory('x', { 'manifest.json': new Uint8Array([123, 125]), 'vision.onnx': big }), { name: 'big', files: list } as unknown as Manifest);
    expect(entry.files).toEqual([{ path: 'manifest.json', bytes: 2 }, { path: 'vision.onnx', bytes: big.length, pieces: 2 }]);
    const copy = await sourceFromCache('url:big');
    // Compared by hash: an element-wise toEqual over 16 MB exhausts the test worker's heap.
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(await copy.read('vision.onnx'))).toBe(sha(big));
    const across = (16 << 20) - 3;
    expect(await copy.readRange!('vision.onnx', across, 6)).toEqual(big.subarray(across, across + 6));
    expect(await copy.readHead!('vision.onnx', 4)).toEqual(big.subarray(0, 4));
  });

  it('stores a large file the load did not read by ranges, checking its SHA-256 without holding it whole', async () => {
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const big = Uint8Array.from({ length: (16 << 20) + 5 }, (_, i) => (i * 13) & 255);
    const inner = sourceFromMemory('x', { 'manifest.json': new Uint8Array([123, 125]), 'text.onnx': big });
    const whole: string[] = [];
    const ranges: number[] = [];
    const source: BundleSource = {
      ...inner,
      read: (p, on) => (whole.push(p), inner.read(p, on)),
      readRange: async (p, o, n) => (ranges.push(n), (await inner.read(p)).slice(o, o + n)),
    };
    const store = (sha256: string) => storeBundle('url:r', source, { name: 'r', files: [{ path: 'text.onnx', bytes: big.length, sha256 }] } as unknown as Manifest);
    expect((await store(sha(big))).files).toEqual([{ path: 'manifest.json', bytes: 2 }, { path: 'text.onnx', bytes: big.length, pieces: 2 }]);
    expect([whole, ranges]).toEqual([['manifest.json'], [16 << 20, 5]]);
    expect(sha(await (await sourceFromCache('url:r')).read('text.onnx'))).toBe(sha(big));
    await clearCached();
    await expect(store('0'.repeat(64))).rejects.toThrow(`text.onnx: SHA-256 is ${sha(big)}, expected ${'0'.repeat(64)} (files[0].sha256 in manifest.json); not stored for offline use`);
    expect(await listCached()).toEqual([]);
  });

  it('writes a file as a stream of pieces that add up to the same bytes', async () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    const pieces: number[] = [];
    const reader = chunkedBody(bytes, 4).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) pieces.push(r.value.length);
    expect(pieces).toEqual([4, 4, 2]);
    expect(new Uint8Array(await new Response(chunkedBody(bytes, 4)).arrayBuffer())).toEqual(bytes);
  });

  it('hands out each piece only after yielding to whatever else is waiting', async () => {
    const gates: Array<() => void> = [];
    const yieldToOthers = () => new Promise<void>((open) => gates.push(open));
    const reader = chunkedBody(new Uint8Array(6), 4, yieldToOthers).getReader();
    const first = reader.read();
    const raced = await Promise.race([first.then(() => 'piece'), new Promise((r) => setTimeout(() => r('waiting'), 20))]);
    expect(raced).toBe('waiting');
    gates.shift()!();
    expect((await first).value?.length).toBe(4);
    const second = reader.read();
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()!();
    expect((await second).value?.length).toBe(2);
  });

  it('writes nothing of a store while the page is in use, and goes on once it has been still', async () => {
    noteUserActive();
    const caches = g.caches as ReturnType<typeof fakeCaches>;
    const stored = storeBundle('url:https://x.test/b/', sourceFromMemory('https://x.test/b/', files), manifest);
    const manifestEntry = async () => (await caches.open('lexvla-bundles')).match('http://localhost:4173/__lexvla-cache__/b/url%3Ahttps%3A%2F%2Fx.test%2Fb%2F/manifest.json');
    await new Promise((r) => setTimeout(r, QUIET_MS / 4));
    expect(await manifestEntry()).toBeUndefined();
    expect((await stored).files.map((f) => f.path)).toEqual(['manifest.json', 'vision.onnx']);
    expect(await manifestEntry()).toBeDefined();
  });
});
