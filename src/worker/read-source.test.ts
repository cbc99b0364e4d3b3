import { describe, expect, it } from 'vitest';
import { toWorkerError } from '../model/errors';
import { readSource } from './read-source';

describe('readSource', () => {
  it('reads a Blob and passes bytes through untouched', async () => {
    const read = await readSource(new Blob([new Uint8Array([1, 2, 3])]), 'a.png');
    expect([...new Uint8Array(read.bytes)]).toEqual([1, 2, 3]);
    expect(read.ms).toBeGreaterThanOrEqual(0);
    const bytes = new Uint8Array([4]).buffer;
    expect(await readSource(bytes, 'b.png')).toEqual({ bytes, ms: 0 });
  });

  it('names the file when it can no longer be read (changed or deleted after it was chosen)', async () => {
    class Gone extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new DOMException('The requested file could not be read.', 'NotReadableError'));
      }
    }
    const err = await readSource(new Gone(['x']), 'holiday.jpg').catch((e: unknown) => e);
    expect(toWorkerError(err)).toEqual({
      code: 'bad-image',
      message: 'holiday.jpg: the file could not be read (NotReadableError: The requested file could not be read.); choose it again',
    });
  });
});
