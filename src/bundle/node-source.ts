/**
 * A bundle folder on disk, for the CLI and tests. Kept out of source.ts so that browser code,
 * which imports source.ts, never pulls in node:fs.
 *
 * A file that is a symbolic link (or lies under a linked folder) is read only when the link
 * resolves inside the bundle folder: a bundle is handed around as a unit, and one that reaches
 * outside its folder would read whatever the link names on the machine that opens it.
 */
import { createReadStream, promises as fs, type Stats } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { BundleError, makeIssue } from './issues';
import type { ByteRange } from './protobuf';
import { assertBundlePath, notFound, readStream, type BundleSource } from './source';

export function sourceFromDir(dir: string): BundleSource {
  let root: Promise<string> | null = null;
  const full = (path: string) => {
    assertBundlePath(dir, path); // also what keeps reads inside `dir`
    return join(dir, ...path.split('/'));
  };
  /** The file's stats once its real path is known to be inside the folder; null when missing. */
  const stat = async (path: string): Promise<Stats | null> => {
    const file = full(path);
    const real = await fs.realpath(file).catch(() => null);
    if (real === null) return null;
    root ??= fs.realpath(dir);
    const inside = relative(await root, real);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      const found = `a symbolic link to ${real}, outside the bundle folder`;
      const expected = 'a file inside the bundle folder (a bundle may not link outside itself)';
      throw new BundleError([makeIssue(path, '(file)', found, expected, `${path}: ${found}, expected ${expected}`)]);
    }
    return fs.stat(real).catch(() => null);
  };
  const file = async (path: string) => {
    const st = await stat(path);
    if (!st?.isFile()) throw notFound(dir, path);
    return st;
  };
  const readAt = async (path: string, offset: number, length: number) => {
    const st = await file(path);
    const handle = await fs.open(full(path));
    try {
      const buf = new Uint8Array(Math.max(0, Math.min(length, st.size - offset)));
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  };
  return {
    name: dir,
    async read(path, onProgress) {
      const st = await file(path);
      if (!onProgress) return new Uint8Array(await fs.readFile(full(path)));
      const stream = Readable.toWeb(createReadStream(full(path))) as ReadableStream<Uint8Array>;
      return readStream(stream, st.size, onProgress);
    },
    readHead: (path, n) => readAt(path, 0, n),
    readRange: readAt,
    has: async (path) => (await stat(path))?.isFile() ?? false,
    size: async (path) => {
      const st = await stat(path);
      return st?.isFile() ? st.size : null;
    },
    list: () => listFiles(dir),
  };
}

/** Files under `dir`, three folders deep at most (enough to find a misplaced manifest.json). */
async function listFiles(dir: string, depth = 3, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isFile()) out.push(path);
    else if (e.isDirectory() && depth > 0 && out.length < 10_000) out.push(...(await listFiles(dir, depth - 1, path)));
  }
  return out;
}

/** A file on disk as a ByteRange (a .zip bundle, read a piece at a time). */
export async function fileRange(path: string): Promise<ByteRange> {
  const { size } = await fs.stat(path);
  return {
    size,
    async read(offset, length) {
      const handle = await fs.open(path);
      try {
        const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
        return buf.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
