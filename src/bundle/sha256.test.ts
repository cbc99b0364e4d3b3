import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Sha256, a piece at a time', () => {
  it('gives the standard digests of the empty string and "abc"', async () => {
    expect((await sha256()).hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect((await sha256()).update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with Node at every length around the padding boundaries, fed in uneven pieces', async () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300]) {
      const h = await sha256();
      for (let at = 0, step = 1; at < n; at += step, step = (step * 3) % 17 + 1) h.update(data.subarray(at, Math.min(n, at + step)));
      expect(h.hex(), `length ${n}`).toBe(node(data.subarray(0, n)));
    }
  });
});
