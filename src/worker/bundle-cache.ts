/**
 * Bundles kept for offline use, in Cache Storage ('lexvla-bundles'). Each file is one entry
 * under a synthetic same-origin URL (never fetched: Cache Storage only needs a URL as a key),
 * and a small index entry lists the bundles with their names and sizes, so `listCache` does not
 * have to open every bundle.
 */
import { isObject } from '../bundle/checker';
import { pinsEveryFile } from '../bundle/integrity';
import type { BundleSource } from '../bundle/source';
import { sha256 } from '../bundle/sha256';
import { MANIFEST_FILE, type BundleFileEntry, type Manifest } from '../bundle/types';
import { giveWay } from './user-activity';

const CACHE_NAME = 'lexvla-bundles';
const PREFIX = '/__lexvla-cache__/';

export interface CacheEntry {
  key: string;
  name: string;
  bytes: number;
  /**
   * Bundle paths stored, with their sizes; `pieces`: a file over PIECE bytes is stored as that
   * many entries of PIECE bytes (absent: one entry, as older builds stored every file).
   */
  files: Array<{ path: string; bytes: number; pieces?: number }>;
  storedAt: string;
  /**
   * Where these bytes passed every check of a load, the first run of the vision graph included
   * (src/model/first-run.ts), as "<runtime> on <backend>, bundle checks v<N>": a later load of the
   * same copy there need not repeat the checks that read more than the manifest and JSON files
   * (engine.ts, `checkedCopy`). Absent in entries stored by older builds, which are checked again.
   */
  checked?: string[];
  /**
   * Files of the bundle deliberately not stored: the vision graphs the load did not run (a
   * bundle's exact graph when its int8 variant ran, or the reverse). Storing them would download
   * hundreds of MB the user never runs; a load that needs one downloads the bundle again.
   */
  omitted?: string[];
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

/** What to store besides the files: see storeBundle. */
export interface StoreOptions {
  /** CacheEntry.checked. */
  checked?: string[];
  /** Files left out (CacheEntry.omitted). */
  omit?: readonly string[];
  /** Files stored first, e.g. the graph the load holds in memory, so that it can be dropped early. */
  first?: readonly string[];
  /** After each file is stored: the caller may drop its copy of the bytes. */
  onStored?: (path: string) => void;
  /**
   * Files the source holds in memory (read by the load). Any other file over PIECE bytes with a
   * listed SHA-256 is stored by ranges when the source can read them (storeByRanges).
   */
  held?: (path: string) => boolean;
}

/**
 * Stores every file the manifest lists (plus the manifest) under `key`, except `omit`. Reads go
 * through `source`, so files the load already read come from memory when the source caches them.
 */
export function storeBundle(key: string, source: BundleSource, manifest: Manifest, opts: StoreOptions = {}): Promise<CacheEntry> {
  // Registered synchronously, so a listCached() that starts right after this call waits for it.
  const job = writeBundle(key, source, manifest, opts);
  storing.add(job);
  void job.then(() => storing.delete(job), () => storing.delete(job));
  return job;
}

async function writeBundle(key: string, source: BundleSource, manifest: Manifest, opts: StoreOptions): Promise<CacheEntry> {
  const { checked = [], omit = [], first = [] } = opts;
  const cache = await open();
  const omitted = manifest.files.map((f) => f.path).filter((p) => omit.includes(p));
  const rest = manifest.files.map((f) => f.path).filter((p) => p !== MANIFEST_FILE && !omitted.includes(p));
  const paths = [MANIFEST_FILE, ...rest.filter((p) => first.includes(p)), ...rest.filter((p) => !first.includes(p))];
  const files: CacheEntry['files'] = [];
  for (const path of paths) {
    const index = manifest.files.findIndex((f) => f.path === path);
    const listed = manifest.files[index];
    if (listed?.sha256 && listed.bytes > PIECE && source.readRange && !opts.held?.(path)) {
      await storeByRanges(cache, key, source, listed, index);
      files.push({ path, bytes: listed.bytes, pieces: Math.ceil(listed.bytes / PIECE) });
    } else {
      const bytes = await source.read(path);
      if (bytes.length <= PIECE) await cache.put(url('b', key, path), new Response(chunkedBody(bytes)));
      else for (let i = 0; i * PIECE < bytes.length; i++) await cache.put(url('p', key, path, String(i)), new Response(chunkedBody(bytes.subarray(i * PIECE, (i + 1) * PIECE))));
      const pieces = Math.ceil(bytes.length / PIECE);
      files.push({ path, bytes: bytes.length, ...(pieces > 1 ? { pieces } : {}) });
    }
    opts.onStored?.(path);
  }
  const entry: CacheEntry = {
    key,
    name: manifest.name,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
    storedAt: new Date().toISOString(),
    ...(checked.length > 0 ? { checked } : {}),
    ...(omitted.length > 0 ? { omitted } : {}),
  };
  // The index is written last: a bundle interrupted half-way is never listed.
  await writeIndex(cache, [...(await readIndex()).filter((e) => e.key !== key), entry]);
  return entry;
}

/**
 * A file the load did not read (a text graph of hundreds of MB), stored a PIECE at a time: never
 * whole in memory, and hashed as it goes (src/bundle/sha256.ts) instead of by WebCrypto, which
 * takes the whole file and copies it. The cache holds checked bytes only: on a mismatch the store
 * fails before the index lists the bundle (its pieces are overwritten by the next store).
 */
async function storeByRanges(cache: Cache, key: string, source: BundleSource, listed: BundleFileEntry, index: number): Promise<void> {
  const { path, bytes: size } = listed;
  const hash = await sha256();
  for (let at = 0, i = 0; at < size; at += PIECE, i++) {
    const piece = await source.readRange!(path, at, Math.min(PIECE, size - at));
    if (piece.length !== Math.min(PIECE, size - at)) {
      throw new Error(`${path}: bytes ${at}..${at + PIECE} came back as ${piece.length} bytes, expected ${Math.min(PIECE, size - at)} (the file is shorter than files[${index}].bytes in ${MANIFEST_FILE})`);
    }
    // A HASH_STEP at a time with a yield between: hashing 16 MB at once holds the worker for
    // ~60 ms, and a hover's or a drag's request for words waits behind whatever runs. While the
    // person uses the page, the copy waits (user-activity.ts).
    for (let c = 0; c < piece.length; c += HASH_STEP) {
      hash.update(piece.subarray(c, c + HASH_STEP));
      await giveWay();
    }
    await cache.put(url('p', key, path, String(i)), new Response(chunkedBody(piece)));
  }
  const found = hash.hex();
  if (found !== listed.sha256) {
    throw new Error(`${path}: SHA-256 is ${found}, expected ${listed.sha256} (files[${index}].sha256 in ${MANIFEST_FILE}); not stored for offline use`);
  }
}

/**
 * The bytes as a stream of CHUNK-sized pieces, pulled by the browser as it writes, each piece in
 * a task of its own. Handed over whole, a 366 MB vision.onnx was copied in one go and stalled the
 * worker for over a second (a hover's words came back 1.2-1.4 s late on a paper-sized bundle,
 * docs/benchmarks.md); pulled back to back, several pieces could still land in one task. After a
 * yield, a request that is waiting (a hover, an encode) runs between two pieces.
 *
 * While the person uses the page (pointer, keys), no piece is pulled: the copy waits until the
 * page has been still for a moment (user-activity.ts). (Not a background-priority task: the write
 * then waited for the encodes to finish and ran while the user was hovering, which made hovers
 * slower, not faster.)
 */
export function chunkedBody(bytes: Uint8Array, chunk = CHUNK, yieldToOthers: () => Promise<unknown> = giveWay): ReadableStream<Uint8Array> {
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

/** Bytes hashed per task: 0.9 ms in Node on this project's machine (`npx tsx scripts/bench-sha256.ts`). */
const HASH_STEP = 256 << 10;

/**
 * Files over this size are stored as several entries of this size: the browser process buffers
 * an entry's body while it writes it, and a whole 190 MB text graph in one entry was part of what
 * took the paper-shaped bundle's int8 load past 1.5 GB of browser memory (docs/benchmarks.md,
 * "Vision graph variants", `lexvla bench-variants`).
 */
const PIECE = 16 << 20;

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
 * `mayLack`: files the coming load does not read (vision graphs it will not run), which the copy
 * may have left out (CacheEntry.omitted).
 */
export async function unchangedCopy(key: string, manifestBytes: Uint8Array, mayLack: ReadonlySet<string> = new Set()): Promise<CacheEntry | null> {
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
  const left = new Set((entry?.omitted ?? []).filter((p) => mayLack.has(p)));
  if (!entry || !(manifest as Pick<Manifest, 'files'>).files.every((f) => stored.get(f.path) === f.bytes || left.has(f.path))) return null;
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
  const pieces = new Map(entry.files.map((f) => [f.path, f.pieces ?? 1]));
  const stored = async (entryUrl: string, path: string) => {
    const res = await cache.match(entryUrl);
    if (!res) throw new Error(`${path}: missing from the cached copy of ${entry.name}; clear the cache and load the bundle again`);
    return res.blob();
  };
  /** The stored file as one Blob: its entry's, or its pieces' put end to end (no bytes copied). */
  const fileBlob = async (path: string): Promise<Blob> => {
    if (entry.omitted?.includes(path)) {
      throw new Error(`${path}: not in the cached copy of ${entry.name}, which keeps only the vision graph it ran; choose that graph, or load the bundle from its URL to run this one`);
    }
    const n = pieces.get(path) ?? 1;
    if (n === 1) return stored(url('b', key, path), path);
    return new Blob(await Promise.all(Array.from({ length: n }, (_, i) => stored(url('p', key, path, String(i)), path))));
  };
  // A ranged walk of a graph's structure reads many windows of one file: its blob is kept for the
  // next window, and dropped when another file is walked or this one is read whole.
  let last: { path: string; blob: Promise<Blob> } | null = null;
  const blob = (path: string) => {
    if (last?.path !== path) last = { path, blob: fileBlob(path) };
    return last.blob;
  };
  return {
    name: entry.name,
    has: async (path) => sizes.has(path),
    size: async (path) => sizes.get(path) ?? null,
    async read(path, onProgress) {
      if (last?.path === path) last = null;
      const bytes = new Uint8Array(await (await fileBlob(path)).arrayBuffer());
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
    // The validator walks a graph's structure a window at a time: a slice of the stored blob each.
    readRange: async (path, offset, length) => new Uint8Array(await (await blob(path)).slice(offset, offset + length).arrayBuffer()),
    readHead: async (path, n) => new Uint8Array(await (await fileBlob(path)).slice(0, n).arrayBuffer()),
  };
}
