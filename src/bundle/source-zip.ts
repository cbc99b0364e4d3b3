/** A bundle packed as one .zip (uploaded by the user): files are inflated one at a time, on read. */
import { unzipSync } from 'fflate';
import { assertBundlePath, notFound, rootPrefix, type BundleSource } from './source';

const hex = (b: Uint8Array) => Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');

export function sourceFromZip(name: string, bytes: Uint8Array): BundleSource {
  // Local file header "PK\3\4", or the end-of-directory record "PK\5\6" of an empty archive.
  const magic = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  if (!magic) {
    throw new Error(`${name}: not a zip archive (starts with bytes ${hex(bytes) || '(empty file)'}), expected a .zip of a bundle folder`);
  }
  // Index pass: the filter sees every entry's name and size and declines it, so nothing is inflated.
  const sizes = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.endsWith('/')) sizes.set(f.name, f.originalSize);
        return false;
      },
    });
  } catch (e) {
    throw new Error(`${name}: cannot read the zip archive (${(e as Error).message}), expected a valid .zip of a bundle folder`);
  }
  const prefix = rootPrefix([...sizes.keys()]);
  const entry = (path: string) => {
    assertBundlePath(name, path);
    const full = prefix + path;
    return sizes.has(full) ? full : undefined;
  };
  const inflate = (path: string) => {
    const full = entry(path);
    if (full === undefined) throw notFound(name, path);
    return unzipSync(bytes, { filter: (f) => f.name === full })[full];
  };
  return {
    name,
    async read(path, onProgress) {
      const data = inflate(path);
      onProgress?.(data.length, data.length);
      return data;
    },
    // Deflate streams cannot be entered midway cheaply; the archive is in memory anyway.
    readHead: async (path, n) => inflate(path).subarray(0, n),
    has: async (path) => entry(path) !== undefined,
    size: async (path) => {
      const full = entry(path);
      return full === undefined ? null : sizes.get(full)!;
    },
  };
}
