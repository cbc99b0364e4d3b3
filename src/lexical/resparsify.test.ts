import { describe, expect, it } from 'vitest';
import { loosestRule, resparsify, sparsify, type SparsifyRule } from './sparse';

/** Seeded values with deliberate ties (quantised), so the tie order is exercised. */
function vector(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.round((s / 2 ** 31) * 20) / 200;
  });
}

describe('resparsify', () => {
  const rules: SparsifyRule[] = [
    { threshold: 0.02, topK: 8 },
    { threshold: 0.05, topK: null },
    { threshold: 0.02, topK: 40 },
    { threshold: 0.07, topK: 3 },
  ];
  it('equals sparsify(dense, rule) when applied to the vector sparsified under the loosest rule', () => {
    for (let seed = 1; seed < 20; seed++) {
      const v = vector(300, seed);
      const loose = sparsify(v, loosestRule(rules));
      for (const r of rules) expect(resparsify(loose, r)).toEqual(sparsify(v, r));
    }
  });
  it('loosestRule takes the lowest threshold and the largest cap, null when any is uncapped', () => {
    expect(loosestRule(rules)).toEqual({ threshold: 0.02, topK: null });
    expect(loosestRule([{ threshold: 0.1, topK: 4 }, { threshold: 0.3, topK: 9 }])).toEqual({ threshold: 0.1, topK: 9 });
    expect(() => loosestRule([])).toThrow('loosestRule: no rules, expected at least one');
  });
});
