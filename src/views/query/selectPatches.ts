/**
 * Which patches a query "selects": the top k by relevance, or every patch at or above a
 * threshold. Pure; ties broken by the lower patch index so the outline is deterministic.
 */
type SelectRule = { mode: 'topk'; k: number } | { mode: 'threshold'; threshold: number };

/** @param relevance float32 [patches] @returns patch indices, ascending */
export function selectPatches(relevance: Float32Array, rule: SelectRule): number[] {
  const idx = Array.from(relevance.keys());
  if (rule.mode === 'threshold') return idx.filter((p) => relevance[p] >= rule.threshold);
  const k = Math.max(0, Math.min(idx.length, Math.floor(rule.k)));
  return idx.sort((a, b) => relevance[b] - relevance[a] || a - b).slice(0, k).sort((a, b) => a - b);
}
