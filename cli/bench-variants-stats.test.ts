import { describe, expect, it } from 'vitest';
import { agreement, summarizeVariants, variantLines } from './bench-variants-stats';

describe('bench-variants figures', () => {
  it('counts positions, words in any order, identical lists and patch labels', () => {
    const exact = { top: [[1, 2, 3, 4], [5, 6, 7, 8]], labels: [Int32Array.from([0, 1, -1]), Int32Array.from([2, 2, 2])] };
    const other = { top: [[1, 2, 4, 3], [5, 6, 7, 8]], labels: [Int32Array.from([0, 1, 1]), Int32Array.from([2, 2, 2])] };
    expect(agreement(exact, other, 4)).toEqual({
      images: 2,
      topN: 4,
      topPositions: (2 / 4 + 1) / 2, // a swap costs two positions, not one
      topOverlap: 1,
      identicalLists: 1,
      patchLabels: 5 / 6,
      patches: 6,
    });
    expect(agreement(exact, exact, 4)).toMatchObject({ topPositions: 1, identicalLists: 2, patchLabels: 1 });
  });

  it('refuses lists of different images', () => {
    const one = { top: [[1]], labels: [Int32Array.from([0])] };
    expect(() => agreement(one, { top: [], labels: [] }, 1)).toThrow('agreement: 1 images for the exact graph, 0 for the variant; expected the same images');
  });

  it('takes speed-ups from medians of the same run and checks memory against 1.5 GB', () => {
    const s = summarizeVariants([
      { name: 'exact', inference: [2000, 2200, 9000], total: [2100, 2300, 9100], cpu: [4000, 4100, 4200], peakPss: [3e9, 3.2e9], peakRendererRss: [2.5e9, 2.6e9] },
      { name: 'int8', inference: [1000, 900, 1100], total: [1100, 1000, 1200], cpu: [2000, 2050, 1900], peakPss: [1.4e9, 1.45e9], peakRendererRss: [1e9, 1.1e9] },
    ]);
    expect(s.map((x) => [x.name, x.inferenceMedianMs, x.speedup, x.cpuSpeedup, x.peakBytes, x.memoryMet])).toEqual([
      ['exact', 2200, 1, 1, 3.2e9, false],
      ['int8', 1000, 2.2, 2.05, 1.45e9, true],
    ]);
    const lines = variantLines(s, new Map([['int8', { images: 50, topN: 20, topPositions: 0.9, topOverlap: 0.99, identicalLists: 10, patchLabels: 0.985, patches: 12800 }]]));
    expect(lines).toContain('int8: inference 2.20x faster than exact, same run (target >= 2x: met); CPU time per image 2.05x less');
    expect(lines).toContain('int8: global top-20 words over 50 images: 90.0% of positions the same (target >= 95.0%: NOT met), 99.0% the same words in any order, 10 identical lists');
    expect(lines).toContain('int8: PatchDis labels: 98.5% of 12800 patches the same (target >= 98.0%: met)');
    expect(lines).toContain('exact: peak memory 3.20 GB (target <= 1.50 GB: NOT met)');
  });

  it("sets every graph against the build before's exact graph when it was measured", () => {
    const [before] = summarizeVariants([{ name: 'exact', inference: [3000, 3100, 3200], firstInference: [3500, 3300, 3400], total: [3100, 3200, 3300], cpu: [5000, 5200, 5400], peakPss: [2.4e9], peakRendererRss: [2.1e9] }]);
    const s = summarizeVariants([
      { name: 'exact', inference: [3300], firstInference: [4100, 3900, 4000], total: [3400], cpu: [5500], peakPss: [1.4e9], peakRendererRss: [1.1e9] },
      { name: 'int8', inference: [1500], total: [1600], cpu: [2600], peakPss: [1e9], peakRendererRss: [0.7e9] },
    ]);
    const lines = variantLines(s, new Map(), before);
    expect(lines.filter((l) => l.startsWith('before '))).toHaveLength(1); // its table row
    expect(lines).toContain("before: the build before's exact graph, in the same rounds: inference 3100 ms, first image 3400 ms, CPU 5200 ms per image, peak memory 2.40 GB");
    expect(lines).toContain("exact: the first image of a round (the session's first run): inference 4000 ms, median over rounds");
    expect(lines.some((l) => l.startsWith('int8: the first image'))).toBe(false); // no warm-up images: no such line
    expect(lines).toContain("exact: against the build before's exact graph: inference 0.94x faster (target >= 2x: NOT met), CPU time per image 0.95x less, peak memory 1.40 GB against 2.40 GB");
    expect(lines).toContain("int8: against the build before's exact graph: inference 2.07x faster (target >= 2x: met), CPU time per image 2.00x less, peak memory 1.00 GB against 2.40 GB");
    expect(variantLines(s, new Map()).some((l) => l.startsWith('before'))).toBe(false);
  });
});
