/**
 * Bundles kept for offline use, in Cache Storage ('lexvla-bundles'). Each file is one entry
 * under a synthetic same-origin URL (never fetched: Cache Storage only needs a URL as a key),
 * and a small index entry lists the bundles with their names and sizes, so `listCache` does not
 * have to open every bundle.
 */
import { isObject } from '../bundle/checker';
import { pinsEveryFile } from '../bundle/integrity';
import type { BundleSource } from '../bundle/source';
import { MANIFEST_FILE, type Manifest } from '../bundle/types';
import { nextTask } from '../util/tasks';

const CACHE_NAME = 'lexvla-bundles';
const PREFIX = '/__lexvla-cache__/';

export interface CacheEntry {
  key: string;
  name: string;
  bytes: number;
  /** Bundle paths stored, with their sizes. */
  files: Array<{ path: string; bytes: number }>;
  storedAt: string;
  /**
   * Where these bytes passed every check of a load, the first run of the vision graph included
   * (src/model/first-run.ts), as "<runtime> on <backend>, bundle checks v<N>": a later load of the
   * same copy there need not repeat the checks that read more than the manifest and JSON files
   * (engine.ts, `checkedCopy`). Absent in entries stored by older builds, which are checked again.
   */
  checked?: string[];
}

function url(...parts: string[]): string {
  return new URL(PREFIX + parts.map(encodeURIComponent).join('/'), self.location.origin).href;
}

async function open(): Promise<Cache> {
  if (typeof caches === 'undefined') throw new Error('Cache Storage is not available here (it needs a secure origin: https or localhost)');
  return caches.open(CACHE_NAME);
}

/**
 * Stores still being written. The worker answers `loadBundle` first and caches afterwards, and the
 * app asks for the list as soon as the load is answered: without waiting for these, that list
 * was read before the index entry existed, and the bundle just loaded was missing from it.
 */
const storing = new Set<Promise<unknown>>();

/** The stored bundles, once every store already started has finished (or failed). */
export async function listCached(): Promise<CacheEntry[]> {
  await Promise.allSettled([...storing]);
  return readIndex();
}

async function readIndex(): Promise<CacheEntry[]> {
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
export function storeBundle(key: string, source: BundleSource, manifest: Manifest, checked: string[] = []): Promise<CacheEntry> {
  // Registered synchronously, so a listCached() that starts right after this call waits for it.
  const job = writeBundle(key, source, manifest, checked);
  storing.add(job);
  void job.then(() => storing.delete(job), () => storing.delete(job));
  return job;
}

async function writeBundle(key: string, source: BundleSource, manifest: Manifest, checked: string[]): Promise<CacheEntry> {
  const cache = await open();
  const paths = [MANIFEST_FILE, ...manifest.files.map((f) => f.path).filter((p) => p !== MANIFEST_FILE)];
  const files: CacheEntry['files'] = [];
  for (const path of paths) {
    const bytes = await source.read(path);
    await cache.put(url('b', key, path), new Response(chunkedBody(bytes)));
    files.push({ path, bytes: bytes.length });
  }
  const entry: CacheEntry = {
    key,
    name: manifest.name,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
    storedAt: new Date().toISOString(),
    ...(checked.length > 0 ? { checked } : {}),
  };
  // The index is written last: a bundle interrupted half-way is never listed.
  await writeIndex(cache, [...(await readIndex()).filter((e) => e.key !== key), entry]);
  return entry;
}

/**
 * The bytes as a stream of CHUNK-sized pieces, pulled by the browser as it writes, each piece in
 * a task of its own. Handed over whole, a 366 MB vision.onnx was copied in one go and stalled the
 * worker for over a second (a hover's words came back 1.2-1.4 s late on a paper-sized bundle,
 * docs/benchmarks.md); pulled back to back, several pieces could still land in one task. After a
 * yield, a request that is waiting (a hover, an encode) runs between two pieces.
 *
 * (Not a background-priority task: the write then waited for the encodes to finish and ran while
 * the user was hovering, which made hovers slower, not faster.)
 */
export function chunkedBody(bytes: Uint8Array, chunk = CHUNK, yieldToOthers: () => Promise<unknown> = nextTask): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await yieldToOthers();
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

const CHUNK = 1 << 20;

export async function clearCached(): Promise<void> {
  // A store finishing after the delete would bring its bundle back.
  await Promise.allSettled([...storing]);
  if (typeof caches === 'undefined') return;
  await caches.delete(CACHE_NAME);
}

/**
 * The stored copy of `key`, when it is the bundle whose manifest.json is `manifest` (byte for
 * byte) and that manifest pins every file with a SHA-256: then every stored file is the file the
 * server has now, since the cache only ever stores checked bytes (the load reads through
 * `verifying`). A manifest without hashes never matches: a file changed on the server with its
 * size kept could not be told apart. null when there is no such copy (or no Cache Storage).
 */
export async function unchangedCopy(key: string, manifestBytes: Uint8Array): Promise<CacheEntry | null> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    return null;
  }
  if (!isObject(manifest) || !Array.isArray(manifest.files) || !pinsEveryFile(manifest as Pick<Manifest, 'files'>)) return null;
  const entry = (await listCached().catch(() => [])).find((e) => e.key === key);
  // Every file of the manifest stored at its size (a store interrupted half-way is never listed,
  // but an index from an older build of the app could list less).
  const stored = new Map(entry?.files.map((f) => [f.path, f.bytes]));
  if (!entry || !(manifest as Pick<Manifest, 'files'>).files.every((f) => stored.get(f.path) === f.bytes)) return null;
  const res = await (await open()).match(url('b', key, MANIFEST_FILE));
  if (!res) return null;
  const bytes = new Uint8Array(await res.arrayBuffer());
  return bytes.length === manifestBytes.length && bytes.every((b, i) => b === manifestBytes[i]) ? entry : null;
}

/** A BundleSource over a stored bundle; fails clearly if the entry or one of its files is gone. */
export async function sourceFromCache(key: string): Promise<BundleSource> {
  const entry = (await listCached()).find((e) => e.key === key);
  if (!entry) throw new Error(`No cached bundle "${key}": it was cleared or never stored. Load it again from its URL, folder or zip.`);
  const sizes = new Map(entry.files.map((f) => [f.path, f.bytes]));
  const cache = await open();
  const stored = async (path: string) => {
    const res = await cache.match(url('b', key, path));
    if (!res) throw new Error(`${path}: missing from the cached copy of ${entry.name}; clear the cache and load the bundle again`);
    return res;
  };
  // A ranged walk of a graph's structure reads many windows of one file: its blob is kept for the
  // next window, and dropped when another file is walked or this one is read whole.
  let last: { path: string; blob: Promise<Blob> } | null = null;
  const blob = (path: string) => {
    if (last?.path !== path) last = { path, blob: stored(path).then((r) => r.blob()) };
    return last.blob;
  };
  return {
    name: entry.name,
    has: async (path) => sizes.has(path),
    size: async (path) => sizes.get(path) ?? null,
    async read(path, onProgress) {
      if (last?.path === path) last = null;
      const bytes = new Uint8Array(await (await stored(path)).arrayBuffer());
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
    // The validator walks a graph's structure a window at a time: a slice of the stored blob each.
    readRange: async (path, offset, length) => new Uint8Array(await (await blob(path)).slice(offset, offset + length).arrayBuffer()),
    async readHead(path, n) {
      const res = await stored(path);
      if (!res.body) return new Uint8Array(await res.arrayBuffer()).subarray(0, n);
      const reader = res.body.getReader();
      const pieces: Uint8Array[] = [];
      let got = 0;
      while (got < n) {
        const { done, value } = await reader.read();
        if (done) break;
        pieces.push(value);
        got += value.length;
      }
      await reader.cancel().catch(() => undefined);
      const out = new Uint8Array(Math.min(n, got));
      let at = 0;
      for (const p of pieces) {
        out.set(p.subarray(0, out.length - at), at);
        at += Math.min(p.length, out.length - at);
      }
      return out;
    },
  };
}
