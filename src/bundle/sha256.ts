/**
 * SHA-256 fed a piece at a time, by hash-wasm (its WebAssembly is inlined in the module: no
 * request). WebCrypto's digest takes a whole buffer, and copies it first: checking a 194 MB text
 * graph held it twice. Storing a large file for offline use (src/worker/bundle-cache.ts) reads it
 * in 16 MB ranges and hashes each as it goes, so the file is never whole in memory; it runs in the
 * worker beside the user's hovers and encodes, where hash-wasm takes a fifth of the CPU time the
 * hand-written JavaScript digest it replaced did (`npx tsx scripts/bench-sha256.ts`).
 */
import { createSHA256 } from 'hash-wasm';

export interface Sha256 {
  update(data: Uint8Array): Sha256;
  /** The digest as 64 lowercase hexadecimal digits; the hasher is spent afterwards. */
  hex(): string;
}

/** A fresh incremental SHA-256. */
export async function sha256(): Promise<Sha256> {
  const h = await createSHA256();
  h.init();
  const out: Sha256 = {
    update(data) {
      h.update(data);
      return out;
    },
    hex: () => h.digest('hex'),
  };
  return out;
}
