/**
 * Where a bundle's bytes come from: a folder the user picked, a zip, a URL (here), or a
 * directory on disk (node-source.ts, kept apart so browser code never imports node:fs).
 * Every source addresses files by bundle path ('/'-separated, relative to manifest.json).
 */
import { bundlePathProblem } from './paths';
import { MANIFEST_FILE } from './types';

export type ProgressFn = (loaded: number, total: number) => void;

export interface BundleSource {
  /** For messages: the folder, zip or URL the bundle came from. */
  name: string;
  /** The file's bytes; onProgress gets bytes loaded and the total (0 when unknown). Throws when missing. */
  read(path: string, onProgress?: ProgressFn): Promise<Uint8Array>;
  has(path: string): Promise<boolean>;
  /** Size in bytes, or null when the source cannot tell without reading. */
  size(path: string): Promise<number | null>;
  /**
   * Optional: the first `bytes` bytes (fewer if the file is shorter), without reading the rest.
   * The validator uses it to sniff multi-GB model files; sources without it are read fully.
   */
  readHead?(path: string, bytes: number): Promise<Uint8Array>;
  /**
   * Optional: bytes [offset, offset + length) of a file (fewer at its end), without reading the
   * rest. The validator walks an ONNX graph's structure with it a window at a time; sources
   * without it have the graph read whole.
   */
  readRange?(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Optional: every file path the source holds, as it holds them (to say where a misplaced manifest.json is). */
  list?(): Promise<string[]>;
}

/**
 * `source` with its whole-file `read` replaced (checked, remembered, ...); everything else is
 * passed through, `readHead` and `readRange` included, so a wrapper never turns a ranged read
 * into a download.
 */
export function withRead(source: BundleSource, read: BundleSource['read']): BundleSource {
  return {
    name: source.name,
    has: (p) => source.has(p),
    size: (p) => source.size(p),
    ...(source.readHead ? { readHead: (p: string, n: number) => source.readHead!(p, n) } : {}),
    ...(source.readRange ? { readRange: (p: string, o: number, n: number) => source.readRange!(p, o, n) } : {}),
    ...(source.list ? { list: () => source.list!() } : {}),
    read,
  };
}

/** Throws unless `path` is a safe bundle path: no source ever reads outside the bundle. */
export function assertBundlePath(sourceName: string, path: string): void {
  const problem = bundlePathProblem(path);
  if (problem) throw new Error(`${sourceName}: ${JSON.stringify(path)} is not a bundle path, expected ${problem}`);
}

export function notFound(sourceName: string, path: string): Error {
  return new Error(`${sourceName}: ${path} is missing, expected it in the bundle`);
}

/**
 * The prefix to strip so that manifest.json sits at the root: '' when it already does,
 * "top/" when every file lives under one folder holding manifest.json (a zipped or picked
 * folder), otherwise '' (validation then reports the missing manifest).
 * Zip tools' clutter (__MACOSX/, .DS_Store) does not count as a second top folder.
 */
export function rootPrefix(paths: string[]): string {
  if (paths.includes(MANIFEST_FILE)) return '';
  const meaningful = paths.filter((p) => !p.startsWith('__MACOSX/') && !/(^|\/)\.DS_Store$/.test(p));
  const tops = new Set(meaningful.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '')));
  if (tops.size !== 1) return '';
  const [top] = tops;
  return top !== '' && meaningful.includes(`${top}${MANIFEST_FILE}`) ? top : '';
}

/** Reads a stream fully, reporting progress after each chunk. */
export async function readStream(stream: ReadableStream<Uint8Array>, total: number, onProgress?: ProgressFn): Promise<Uint8Array> {
  const reader = stream.getReader();
  // With the length known, each piece is copied into place as it arrives. Joining the pieces at
  // the end was one copy of the whole file in a single task (a 194 MB text.onnx read for the
  // offline cache stalled the worker for 185 ms and a hover waited for it), at twice the memory.
  let out: Uint8Array | null = total > 0 ? new Uint8Array(total) : null;
  const pieces: Uint8Array[] = [];
  let loaded = 0;
  onProgress?.(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (out && loaded + value.length > out.length) {
      // More than announced (a compressed transfer announces its compressed size): go on in pieces.
      pieces.push(out.slice(0, loaded));
      out = null;
    }
    if (out) out.set(value, loaded);
    else pieces.push(value);
    loaded += value.length;
    onProgress?.(loaded, Math.max(total, total > 0 ? loaded : 0));
  }
  if (out) return loaded === out.length ? out : out.slice(0, loaded);
  return join(pieces, loaded);
}

/** The pieces in one array, copied a few MB per task so that no single task copies a whole model. */
async function join(pieces: Uint8Array[], length: number): Promise<Uint8Array> {
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(length);
  let offset = 0;
  let sinceYield = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
    sinceYield += p.length;
    if (sinceYield >= JOIN_SLICE) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return out;
}

const JOIN_SLICE = 8 << 20;

/** A folder the user picked (input webkitdirectory or drag and drop): paths as the browser gave them. */
export function sourceFromFiles(name: string, entries: Array<{ path: string; file: Blob }>): BundleSource {
  const clean = entries.map((e) => ({ path: e.path.replace(/^(\.\/|\/)+/, ''), file: e.file }));
  const prefix = rootPrefix(clean.map((e) => e.path));
  const files = new Map<string, Blob>();
  for (const e of clean) if (e.path.startsWith(prefix)) files.set(e.path.slice(prefix.length), e.file);
  const get = (path: string) => {
    assertBundlePath(name, path);
    return files.get(path);
  };
  return {
    name,
    async read(path, onProgress) {
      const blob = get(path);
      if (!blob) throw notFound(name, path);
      if (onProgress && typeof blob.stream === 'function') return readStream(blob.stream(), blob.size, onProgress);
      return new Uint8Array(await blob.arrayBuffer());
    },
    has: async (path) => get(path) !== undefined,
    size: async (path) => get(path)?.size ?? null,
    async readHead(path, bytes) {
      const blob = get(path);
      if (!blob) throw notFound(name, path);
      return new Uint8Array(await blob.slice(0, bytes).arrayBuffer());
    },
    async readRange(path, offset, length) {
      const blob = get(path);
      if (!blob) throw notFound(name, path);
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
    list: async () => clean.map((e) => e.path),
  };
}

/** Files held in memory (tests, and bundles assembled on the fly). */
export function sourceFromMemory(name: string, files: Record<string, Uint8Array>): BundleSource {
  const get = (path: string) => {
    assertBundlePath(name, path);
    return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
  };
  return {
    name,
    async read(path, onProgress) {
      const b = get(path);
      if (!b) throw notFound(name, path);
      onProgress?.(b.length, b.length);
      return b;
    },
    has: async (path) => get(path) !== undefined,
    size: async (path) => get(path)?.length ?? null,
    async readRange(path, offset, length) {
      const b = get(path);
      if (!b) throw notFound(name, path);
      return b.subarray(offset, offset + length);
    },
    list: async () => Object.keys(files),
  };
}
