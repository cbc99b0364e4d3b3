/**
 * How much two models agree on a patch, word against word: the share of the k words each ranks
 * first that both rank among their first k, |A ∩ B| / k. For LexVLA the ranking is its lexical
 * scores; for a dense model its nearest vocabulary words by cosine (src/lexical/nearest-words.ts).
 * Words are compared as text, so two bundles with different vocabularies can still be compared
 * on the words they share. Pure; the store and the tests call it.
 */

/** Words per patch that the agreement overlay compares. */
export const AGREEMENT_K = 10;

/**
 * float32 [patches]: for patch p, |first k of a[p] ∩ first k of b[p]| / k, in [0, 1]. A list
 * shorter than k still divides by k (fewer words can agree on fewer). a and b are aligned by
 * patch: the caller maps one grid onto the other first.
 */
export function topWordAgreement(a: ReadonlyArray<readonly string[]>, b: ReadonlyArray<readonly string[]>, k = AGREEMENT_K): Float32Array {
  if (a.length !== b.length) throw new RangeError(`topWordAgreement: ${a.length} patches against ${b.length}, expected the same patches on both sides`);
  if (!Number.isInteger(k) || k <= 0) throw new RangeError(`topWordAgreement: k is ${k}, expected a positive integer`);
  const out = new Float32Array(a.length);
  for (let p = 0; p < a.length; p++) {
    const mine = new Set(a[p].slice(0, k));
    let shared = 0;
    for (const w of new Set(b[p].slice(0, k))) if (mine.has(w)) shared++;
    out[p] = shared / k;
  }
  return out;
}
