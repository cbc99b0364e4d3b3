import { describe, expect, it } from 'vitest';
import type { EvalSetJson } from '../bundle/types';
import { evaluateRetrieval, evaluateRetrievalMulti, type MultiRetrievalEncoder, type RetrievalEncoder } from './evaluate';
import type { RecallResult } from './recall';
import { assembleSweepTable, formatSweepTable, parseSweepValues, sweepRules } from './sweep';

const recall = (a: number, b: number): RecallResult => ({ i2t: { 1: a, 5: a, 10: 1 }, t2i: { 1: b, 5: b, 10: 1 }, images: 4, captions: 8 });

describe('sweep settings', () => {
  it('top-k keeps the bundle threshold; a threshold sweep lifts the cap', () => {
    expect(sweepRules({ axis: 'topk', values: [8, 32] }, { threshold: 0.01, topK: 256 })).toEqual([
      { threshold: 0.01, topK: 8 },
      { threshold: 0.01, topK: 32 },
    ]);
    expect(sweepRules({ axis: 'threshold', values: [0.02] }, { threshold: 0.01, topK: 256 })).toEqual([{ threshold: 0.02, topK: null }]);
    expect(() => sweepRules({ axis: 'topk', values: [2.5] }, { threshold: 0, topK: null })).toThrow('sweep: top-k 2.5, expected a positive integer');
    expect(() => sweepRules({ axis: 'topk', values: [] }, { threshold: 0, topK: null })).toThrow('sweep: no values');
  });
  it('parses value lists, sorted and without duplicates, and names a bad value', () => {
    expect(parseSweepValues('64, 8 16,8', 'topk')).toEqual([8, 16, 64]);
    expect(parseSweepValues('0.02,0.005', 'threshold')).toEqual([0.005, 0.02]);
    expect(() => parseSweepValues('8, x', 'topk')).toThrow('"x" is not a positive whole number (top-k)');
    expect(() => parseSweepValues('0', 'topk')).toThrow('"0" is not a positive whole number (top-k)');
    expect(() => parseSweepValues(' ', 'threshold')).toThrow('no values, expected a list of thresholds');
  });
});

describe('assembleSweepTable / formatSweepTable', () => {
  const spec = { axis: 'topk' as const, values: [8, 64] };
  const rules = sweepRules(spec, { threshold: 0.01, topK: null });
  it('makes one row per value with its rule, recall and mIoU', () => {
    const t = assembleSweepTable({ bundle: 'b', kind: 'lexical', evalSet: 'e' }, spec, rules, [recall(0.25, 0.5), recall(0.75, 0.125)], [0.1, 0.3]);
    expect(t.images).toBe(4);
    expect(t.captions).toBe(8);
    expect(t.rows).toEqual([
      { value: 8, rule: { threshold: 0.01, topK: 8 }, i2t: { 1: 0.25, 5: 0.25, 10: 1 }, t2i: { 1: 0.5, 5: 0.5, 10: 1 }, miou: 0.1 },
      { value: 64, rule: { threshold: 0.01, topK: 64 }, i2t: { 1: 0.75, 5: 0.75, 10: 1 }, t2i: { 1: 0.125, 5: 0.125, 10: 1 }, miou: 0.3 },
    ]);
    expect(formatSweepTable(t)).toEqual([
      'b (lexical) on e: 4 images, 8 captions; sweeping top-k',
      '  top-k  i2t@1  i2t@5 i2t@10  t2i@1  t2i@5 t2i@10   mIoU',
      '      8   25.0   25.0  100.0   50.0   50.0  100.0   10.0',
      '     64   75.0   75.0  100.0   12.5   12.5  100.0   30.0',
    ]);
  });
  it('refuses mismatched lengths and prints a dash without PatchDis', () => {
    expect(() => assembleSweepTable({ bundle: 'b', kind: 'dense', evalSet: 'e' }, spec, rules, [recall(1, 1)], null)).toThrow(
      'sweep table: 2 values, 2 rules, 1 recall results and no mIoU values, expected one of each per value',
    );
    const t = assembleSweepTable({ bundle: 'b', kind: 'dense', evalSet: 'e' }, spec, rules, [recall(1, 1), recall(1, 1)], null);
    expect(formatSweepTable(t)[2].endsWith('     —')).toBe(true);
  });
});

describe('evaluateRetrievalMulti', () => {
  // Three images one-hot on axes 0..2; the second setting moves caption "y" onto axis 2.
  const set: EvalSetJson = {
    format: 'lexvla-evalset', version: 1, name: 'toy', classes: [],
    items: [
      { id: 'a', image: 'a', captions: ['x'] },
      { id: 'b', image: 'b', captions: ['y'] },
      { id: 'c', image: 'c', captions: ['z'] },
    ],
  };
  const oneHot = (i: number) => Float32Array.from({ length: 3 }, (_, j) => (j === i ? 1 : 0));
  const read = async (p: string) => Uint8Array.of({ a: 0, b: 1, c: 2 }[p]!);
  const axes = [{ x: 0, y: 1, z: 2 }, { x: 0, y: 2, z: 2 }] as Array<Record<string, number>>;
  const single = (s: number): RetrievalEncoder => ({ kind: 'dense', encodeImage: async (b) => oneHot(b[0]), encodeText: async (t) => oneHot(axes[s][t]) });
  const multi: MultiRetrievalEncoder = {
    kind: 'dense',
    settings: 2,
    encodeImage: async (b) => [oneHot(b[0]), oneHot(b[0])],
    encodeText: async (t) => axes.map((a) => oneHot(a[t])),
  };
  it('gives, per setting, exactly what evaluateRetrieval gives at that setting', async () => {
    const both = await evaluateRetrievalMulti(set, read, multi, { ks: [1, 2] });
    expect(both[0]).toEqual(await evaluateRetrieval(set, read, single(0), { ks: [1, 2] }));
    expect(both[1]).toEqual(await evaluateRetrieval(set, read, single(1), { ks: [1, 2] }));
    expect(both[0].t2i[1]).toBe(1);
    expect(both[1].t2i[1]).toBeLessThan(1);
  });
  it('names an encoder that gives the wrong number of vectors', async () => {
    await expect(evaluateRetrievalMulti(set, read, { ...multi, settings: 3 })).rejects.toThrow(
      'evaluateRetrieval: the encoder gave 2 vectors for a, expected one per setting (3)',
    );
  });
});
