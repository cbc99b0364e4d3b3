/**
 * A bundle packed as one .zip (uploaded, fetched from a URL, or on disk): the directory is read
 * from the end of the archive, and each entry is unpacked when it is read, a piece at a time.
 * Nothing the directory says is trusted on its own: an entry's declared size must be possible for
 * its compressed size and under ZIP_ENTRY_LIMIT before anything is allocated, unpacking stops at
 * the declared size, and the result must have exactly that size and the directory's CRC-32.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { BundleError, makeIssue } from './issues';
import type { ByteRange } from './protobuf';
import { assertBundlePath, notFound, rootPrefix, type BundleSource } from './source';
import { dataOffset, readZipDirectory, type ZipEntry } from './zip-directory';

/** The largest file unpacked from a zip: 2 GiB, protobuf's limit for one graph (larger weights go in external-data files). */
export const ZIP_ENTRY_LIMIT = 2 ** 31;
/** Deflate's largest expansion (a run of one byte): 1032 output bytes per input byte, and a little for tiny streams. */
const DEFLATE_MAX_RATIO = 1032;
/** Compressed bytes read and unpacked per step. */
const CHUNK = 1 << 20;

const METHODS: Record<number, string> = {
  1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 18: 'IBM TERSE', 19: 'IBM LZ77', 20: 'zstd (old id)',
  93: 'zstd', 94: 'MP3', 95: 'xz', 96: 'JPEG', 97: 'WavPack', 98: 'PPMd', 99: 'AES encryption',
};

/** A Blob (a File the user chose) read a slice at a time: the archive never has to be in memory whole. */
export function blobRange(blob: Blob): ByteRange {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

function rangeOf(data: Uint8Array | Blob | ByteRange): ByteRange {
  if (data instanceof Uint8Array) return { size: data.length, read: async (o, n) => data.subarray(o, o + n) };
  if (typeof Blob !== 'undefined' && data instanceof Blob) return blobRange(data);
  return data as ByteRange;
}

export async function sourceFromZip(name: string, data: Uint8Array | Blob | ByteRange): Promise<BundleSource & { list(): Promise<string[]> }> {
  const r = rangeOf(data);
  const all = await readZipDirectory(r, name);
  const entries = new Map<string, ZipEntry>();
  for (const e of all) if (!e.name.endsWith('/')) entries.set(e.name, e);
  const prefix = rootPrefix([...entries.keys()]);
  const entry = (path: string) => {
    assertBundlePath(name, path);
    return entries.get(prefix + path);
  };
  /** The entry, or a BundleError naming it when it cannot be read; a missing entry throws notFound. */
  const usable = (path: string): ZipEntry => {
    const e = entry(path);
    if (!e) throw notFound(name, path);
    const problem = entryProblem(e);
    if (problem) throw fail(path, e, problem[0], problem[1]);
    return e;
  };
  // The last entry unpacked for a ranged read (a graph's structure is walked in pieces), kept
  // until it is read whole, which then takes it: one unpacked copy, never two.
  let last: { path: string; bytes: Uint8Array } | null = null;
  const whole = async (path: string, onProgress?: (loaded: number, total: number) => void) => {
    if (last?.path === path) return last.bytes;
    const bytes = await unpack(r, path, usable(path), Infinity, onProgress);
    last = null;
    return bytes;
  };
  return {
    name,
    async read(path, onProgress) {
      const bytes = await whole(path, onProgress);
      if (last?.path === path) last = null;
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
    async readHead(path, n) {
      if (last?.path === path) return last.bytes.subarray(0, n);
      return unpack(r, path, usable(path), n);
    },
    async readRange(path, offset, length) {
      const e = usable(path);
      if (e.method === 0) return (await stored(r, path, e)).read(offset, length);
      last = { path, bytes: await whole(path) };
      return last.bytes.subarray(offset, offset + length);
    },
    has: async (path) => entry(path) !== undefined,
    size: async (path) => (entry(path) === undefined ? null : usable(path).size),
    list: async () => all.map((e) => e.name),
  };
}

function fail(path: string, e: ZipEntry, found: string, expected: string): BundleError {
  const message = `${path}: the zip entry ${JSON.stringify(e.name)} ${found}, expected ${expected}`;
  return new BundleError([makeIssue(path, '(zip entry)', found, expected, message)]);
}

/** Why an entry cannot be read, from its directory record alone: [found, expected], or null. */
function entryProblem(e: ZipEntry): [string, string] | null {
  if (e.symlink) return ['is a symbolic link', 'a regular file (a bundle file may not be a link)'];
  if (e.flags & 1 || e.method === 99) {
    return [`is encrypted${e.method === 99 ? ' (AES)' : ''}`, 'an unencrypted entry (the explorer cannot decrypt zips: zip the bundle again without a password)'];
  }
  if (e.method !== 0 && e.method !== 8) {
    return [
      `is compressed with ${METHODS[e.method] ?? 'an unknown method'} (method ${e.method})`,
      'stored (method 0) or deflate (method 8), the methods the explorer unpacks (zip the bundle again with `zip -r` or your system\'s "Compress")',
    ];
  }
  if (e.size > ZIP_ENTRY_LIMIT) return [`declares ${e.size} bytes`, `at most ${ZIP_ENTRY_LIMIT} (2 GiB, the largest file the explorer unpacks from a zip)`];
  if (e.method === 0 && e.size !== e.compressedSize) {
    return [`declares ${e.size} bytes stored in ${e.compressedSize}`, 'the same number (a stored entry is not compressed): the zip\'s directory is damaged'];
  }
  const bound = e.compressedSize * DEFLATE_MAX_RATIO + 64;
  if (e.method === 8 && e.size > bound) {
    return [`declares ${e.size} bytes from ${e.compressedSize} compressed bytes`, `at most ${bound} (deflate expands at most ${DEFLATE_MAX_RATIO} times): the zip's directory is damaged or crafted`];
  }
  return null;
}

/** A stored entry's bytes, as a range of the archive (no copy for an archive in memory). */
async function stored(r: ByteRange, path: string, e: ZipEntry): Promise<ByteRange> {
  const start = await dataOffset(r, e);
  if (start === null) throw fail(path, e, `has no local header at byte ${e.offset}`, 'one: the zip is damaged');
  if (start + e.compressedSize > r.size) throw fail(path, e, `runs past the end of the archive (byte ${start + e.compressedSize} of ${r.size})`, 'its data inside the archive: the file is cut short?');
  return { size: e.size, read: (offset, length) => r.read(start + offset, Math.max(0, Math.min(length, e.size - offset))) };
}

/**
 * The entry's first `limit` bytes (Infinity: all, checked against the declared size and CRC-32),
 * unpacked a CHUNK of compressed data at a time into one buffer of the declared size.
 */
async function unpack(r: ByteRange, path: string, e: ZipEntry, limit: number, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const all = limit >= e.size;
  const src = e.method === 0 ? await stored(r, path, e) : null;
  if (src) {
    const bytes = await src.read(0, Math.min(limit, e.size));
    if (all) checkCrc(path, e, crc32(bytes));
    return bytes;
  }
  const start = await dataOffset(r, e);
  if (start === null) throw fail(path, e, `has no local header at byte ${e.offset}`, 'one: the zip is damaged');
  const out = new Uint8Array(Math.min(limit, e.size));
  let n = 0;
  let crc = 0;
  let tooLong = false;
  const STOP = {};
  const inflate = new Inflate((chunk) => {
    const room = out.length - n;
    if (chunk.length > room) {
      if (all) tooLong = true;
      out.set(chunk.subarray(0, room), n);
      n += room;
      throw STOP;
    }
    out.set(chunk, n);
    n += chunk.length;
    if (all) crc = crc32(chunk, crc);
  });
  let done = false;
  for (let off = 0; off < e.compressedSize && !done && (all || n < out.length); off += CHUNK) {
    const piece = await r.read(start + off, Math.min(CHUNK, e.compressedSize - off));
    if (piece.length === 0) throw fail(path, e, 'runs past the end of the archive', 'its data inside the archive: the file is cut short?');
    try {
      inflate.push(piece, off + piece.length >= e.compressedSize);
    } catch (err) {
      if (err !== STOP) throw fail(path, e, `cannot be unpacked (deflate data: ${(err as Error).message})`, 'a valid deflate stream: the zip is damaged');
      done = true;
    }
    onProgress?.(n, e.size);
  }
  if (tooLong) throw fail(path, e, `unpacks to more than the ${e.size} bytes its directory declares`, `exactly ${e.size}: the zip is damaged or crafted`);
  if (!all) return out.subarray(0, n);
  if (n !== e.size) throw fail(path, e, `unpacks to ${n} bytes`, `${e.size} (the size its directory declares): the zip is damaged`);
  checkCrc(path, e, crc);
  return out;
}

function checkCrc(path: string, e: ZipEntry, crc: number): void {
  if (crc === e.crc) return;
  const h = (x: number) => x.toString(16).padStart(8, '0');
  throw fail(path, e, `unpacks to bytes whose CRC-32 is ${h(crc)}`, `${h(e.crc)} (the zip's directory): the zip is damaged`);
}
