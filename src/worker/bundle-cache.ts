/**
 * Bundles kept for offline use, in Cache Storage ('lexvla-bundles'). Each file is one entry
 * under a synthetic same-origin URL (never fetched: Cache Storage only needs a URL as a key),
 * and a small index entry lists the bundles with their names and sizes, so `listCache` does not
 * have to open every bundle.
 */
import type { BundleSource } from '../bundle/source';
import { MANIFEST_FILE, type Manifest } from '../bundle/types';

const CACHE_NAME = 'lexvla-bundles';
const PREFIX = '/__lexvla-cache__/';

export interface CacheEntry {
  key: string;
  name: string;
  bytes: number;
  /** Bundle paths stored, with their sizes. */
  files: Array<{ path: string; bytes: number }>;
  storedAt: string;
}

function url(...parts: string[]): string {
  return new URL(PREFIX + parts.map(encodeURIComponent).join('/'), self.location.origin).href;
}

async function open(): Promise<Cache> {
  if (typeof caches === 'undefined') throw new Error('Cache Storage is not available here (it needs a secure origin: https or localhost)');
  return caches.open(CACHE_NAME);
}

export async function listCached(): Promise<CacheEntry[]> {
  if (typeof caches === 'undefined') return [];
  const res = await (await open()).match(url('index.json'));
  return res ? ((await res.json()) as CacheEntry[]) : [];
}

async function writeIndex(cache: Cache, entries: CacheEntry[]): Promise<void> {
  await cache.put(url('index.json'), new Response(JSON.stringify(entries), { headers: { 'content-type': 'application/json' } }));
}

/**
 * Stores every file the manifest lists (plus the manifest) under `key`. Reads go through
 * `source`, so files the load already read come from memory when the source caches them.
 */
export async function storeBundle(key: string, source: BundleSource, manifest: Manifest): Promise<CacheEntry> {
  const cache = await open();
  const paths = [MANIFEST_FILE, ...manifest.files.map((f) => f.path).filter((p) => p !== MANIFEST_FILE)];
  const files: CacheEntry['files'] = [];
  for (const path of paths) {
    const bytes = await source.read(path);
    await cache.put(url('b', key, path), new Response(bytes as Uint8Array<ArrayBuffer>));
    files.push({ path, bytes: bytes.length });
  }
  const entry: CacheEntry = {
    key,
    name: manifest.name,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
    storedAt: new Date().toISOString(),
  };
  // The index is written last: a bundle interrupted half-way is never listed.
  await writeIndex(cache, [...(await listCached()).filter((e) => e.key !== key), entry]);
  return entry;
}

export async function clearCached(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(CACHE_NAME);
}

/** A BundleSource over a stored bundle; fails clearly if the entry or one of its files is gone. */
export async function sourceFromCache(key: string): Promise<BundleSource> {
  const entry = (await listCached()).find((e) => e.key === key);
  if (!entry) throw new Error(`No cached bundle "${key}": it was cleared or never stored. Load it again from its URL, folder or zip.`);
  const sizes = new Map(entry.files.map((f) => [f.path, f.bytes]));
  const cache = await open();
  return {
    name: entry.name,
    has: async (path) => sizes.has(path),
    size: async (path) => sizes.get(path) ?? null,
    async read(path, onProgress) {
      const res = await cache.match(url('b', key, path));
      if (!res) throw new Error(`${path}: missing from the cached copy of ${entry.name}; clear the cache and load the bundle again`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
  };
}
