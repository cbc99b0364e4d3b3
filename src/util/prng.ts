/**
 * mulberry32: a tiny seeded PRNG, the same sequence in every runtime. Pure (no DOM): the word-cloud
 * layout draws its start positions and spiral directions from it, so the same words give the same
 * picture every time, and the index benchmark its synthetic vectors.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
