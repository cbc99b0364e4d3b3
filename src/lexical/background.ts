/**
 * PatchDis's default background threshold (docs/patchdis.md, "Background threshold").
 * One rule, used by the browser and by `lexvla eval patchdis` unless the user overrides it.
 *
 * - Lexical bundles: the bundle's sparsification threshold (manifest `sparsify.threshold`,
 *   1/sqrt(V) by default). For a one-word class t_c = e_w, <v_p, t_c> is v_p[w]: the patch is
 *   background exactly when no class word would survive in the patch's own sparse vector.
 *   A top-k-only rule (threshold 0) gives 0: every patch takes its best class.
 * - Dense bundles: 0. Cosines of CLIP-style patch tokens have no absolute scale shared across
 *   models, so any fixed cut would be arbitrary; every patch with a positive best cosine is labelled.
 */
import type { SparsifyRule } from './sparse';

interface BackgroundRule {
  threshold: number;
  /** Where the number came from, for the UI and the CLI output. */
  why: string;
}

export function defaultBackgroundThreshold(kind: 'lexical' | 'dense', rule: SparsifyRule | null): BackgroundRule {
  if (kind === 'dense') return { threshold: 0, why: 'dense bundle: 0 (every patch with a positive best cosine gets its class)' };
  const t = rule?.threshold ?? 0;
  return { threshold: t, why: `the sparsification threshold (${t.toPrecision(4)}): a patch is background when no class word survives sparsification` };
}
