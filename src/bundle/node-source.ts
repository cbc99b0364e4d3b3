/**
 * A bundle folder on disk, for the CLI and tests. Kept out of source.ts so that browser code,
 * which imports source.ts, never pulls in node:fs.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { assertBundlePath, notFound, readStream, type BundleSource } from './source';

export function sourceFromDir(dir: string): BundleSource {
  const full = (path: string) => {
    assertBundlePath(dir, path); // also what keeps reads inside `dir`
    return join(dir, ...path.split('/'));
  };
  const stat = async (path: string) => fs.stat(full(path)).catch(() => null);
  return {
    name: dir,
    async read(path, onProgress) {
      const st = await stat(path);
      if (!st?.isFile()) throw notFound(dir, path);
      if (!onProgress) return new Uint8Array(await fs.readFile(full(path)));
      const stream = Readable.toWeb(createReadStream(full(path))) as ReadableStream<Uint8Array>;
      return readStream(stream, st.size, onProgress);
    },
    async readHead(path, n) {
      const handle = await fs.open(full(path)).catch(() => {
        throw notFound(dir, path);
      });
      try {
        const buf = new Uint8Array(n);
        const { bytesRead } = await handle.read(buf, 0, n, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    has: async (path) => (await stat(path))?.isFile() ?? false,
    size: async (path) => {
      const st = await stat(path);
      return st?.isFile() ? st.size : null;
    },
  };
}
