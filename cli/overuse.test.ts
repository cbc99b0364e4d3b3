/**
 * `lexvla eval overuse`: the statistics on hand-made vectors (exact numbers), and the command on
 * the colour fixture, whose vision graph lights up red and blue plus four filler colours.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { groundedMask, OveruseAccumulator } from './overuse-stats';

describe('groundedMask', () => {
  it('marks every word whose token id occurs in some text, shared ids included', () => {
    // words: a(id 5) b(id 7) c(id 9) d(id 7)
    expect(Array.from(groundedMask([[7], [1, 9]], [5, 7, 9, 7]))).toEqual([0, 1, 1, 1]);
  });
});

describe('OveruseAccumulator', () => {
  const words = ['cat', 'dog', 'the', 'zzz'];
  const grounded = Uint8Array.from([1, 1, 0, 0]); // 'the' and 'zzz' are in no text

  it('pools the ungrounded share over active entries and counts document frequency', () => {
    const acc = new OveruseAccumulator(grounded, { threshold: 0.1, topK: null });
    acc.add(Float32Array.from([0.6, 0.0, 0.3, 0.05])); // active: cat .6, the .3
    acc.add(Float32Array.from([0.0, 0.5, 0.4, 0.2])); // active: dog .5, the .4, zzz .2
    const r = acc.result(words, 2);
    expect(r.images).toBe(2);
    expect(r.groundedWords).toBe(2);
    expect(r.chanceUngroundedShare).toBe(0.5);
    expect([r.activeWords, r.activeWordsMin, r.activeWordsMax]).toEqual([2.5, 2, 3]);
    expect(r.activeUngrounded).toBe(1.5);
    expect(r.ungroundedShare).toBeCloseTo((0.3 + 0.4 + 0.2) / 2.0, 6);
    expect(r.ungroundedShareDense).toBeCloseTo((0.3 + 0.05 + 0.4 + 0.2) / 2.05, 6);
    expect(r.topByMean.map((w) => [w.word, w.grounded])).toEqual([['the', false], ['cat', true]]);
    expect(r.topByMean[0].mean).toBeCloseTo(0.35, 6);
    expect(r.topByDf.map((w) => [w.word, w.df])).toEqual([['the', 1], ['cat', 0.5]]);
    // "the" is in this vocabulary, "of" and "a" are not: only what exists is reported.
    expect(r.functionWords.map((w) => [w.word, w.df])).toEqual([['the', 1]]);
  });

  it('applies the top-k cap when asked, and names a wrong vector length', () => {
    const acc = new OveruseAccumulator(grounded, { threshold: 0.1, topK: 1 });
    acc.add(Float32Array.from([0.2, 0.0, 0.9, 0.0]));
    expect(acc.result(words, 5).activeWords).toBe(1);
    expect(acc.result(words, 5).ungroundedShare).toBe(1);
    expect(() => acc.add(new Float32Array(3))).toThrow('OveruseAccumulator.add: vector has 3 values, expected the vocabulary size 4');
  });
});

function lexvla(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lexvla eval overuse', () => {
  it('on the colour fixture: red and blue are grounded, the four filler colours are not', () => {
    const r = lexvla('eval', 'overuse', 'e2e/fixtures/color-bundle', 'e2e/fixtures/images', '--json', '--top', '6');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ bundle: 'colour-fixture', images: 2, texts: 4, groundedWords: 2, grounded: ['red', 'blue'], activeWords: 6, activeUngrounded: 4 });
    const rows: Array<{ word: string; mean: number; grounded: boolean }> = j.topByMean;
    expect(rows.slice(0, 2).map((w) => w.word)).toEqual(['red', 'blue']);
    expect(new Set(rows.slice(2).map((w) => w.word))).toEqual(new Set(['orange', 'navy', 'maroon', 'brown']));
    // Both images give the same vector, so the pooled share is the share of the mean vector.
    const total = rows.reduce((s, w) => s + w.mean, 0);
    const off = rows.filter((w) => !w.grounded).reduce((s, w) => s + w.mean, 0);
    expect(j.ungroundedShare).toBeCloseTo(off / total, 6);
  });

  it('refuses a dense bundle, naming the manifest field', () => {
    const r = lexvla('eval', 'overuse', 'e2e/fixtures/color-dense-bundle', 'e2e/fixtures/images');
    expect(r.code).toBe(1);
    expect(r.err).toContain('manifest.json kind is "dense", expected "lexical"');
  });
});
