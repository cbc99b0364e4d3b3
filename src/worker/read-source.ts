/**
 * An image's bytes in the worker. The page posts the File the user chose as it is (posting a File
 * copies a handle, not its bytes) and the worker reads it: on the main thread the read's answer
 * waited behind the page's own work, 6-12 ms for a 1-26 KB file against 1-5 ms here (a scratch
 * page; `lexvla bench`'s `read` went from 10.5-11.3 ms to 1.6-1.7, docs/benchmarks.md).
 */
import { EngineError } from '../model/errors';

export async function readSource(source: Blob | ArrayBuffer, name: string): Promise<{ bytes: ArrayBuffer; ms: number }> {
  if (!(source instanceof Blob)) return { bytes: source, ms: 0 };
  const t0 = performance.now();
  try {
    return { bytes: await source.arrayBuffer(), ms: performance.now() - t0 };
  } catch (e) {
    // Chromium: NotReadableError once the file changed or went away after it was chosen.
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new EngineError('bad-image', `${name}: the file could not be read (${why}); choose it again`);
  }
}
