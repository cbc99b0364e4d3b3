/**
 * Word pieces read as words on the default bundle (onnxruntime-node, the worker's own code): its
 * table from its class names and captions, the global, patch and region lists, and a whole word's
 * heatmap, which must agree with the patch lists patch by patch.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from '../model/engine';
import { wholeWordsOf } from '../model/whole-word-source';
import { isWholeWordId, wholeWordHeatmap, wholeWords } from './whole-words';

const BUNDLE = 'public/models/lexvla-tiny';
// A held-out scene with a snail, whose global vector has both pieces of "snail" active, as do some
// of its patches (npx tsx scripts/whole-words-scan.ts lists such images; the e2e spec uses it too).
const IMAGE = 'eval/images/0005.png';

let engine: Engine;
beforeAll(async () => {
  engine = new Engine(nodeRuntime());
  await engine.load(sourceFromDir(BUNDLE), 'cpu');
  await engine.encode(new Uint8Array(await readFile(`${BUNDLE}/${IMAGE}`)), '0005.png', 80);
}, 60_000);

const spelled = (text: string) => async () => {
  const index = await wholeWordsOf(engine.bundleSource(), engine.manifest!, engine.vocabulary()!);
  const w = index.words.find((x) => x.text === text);
  return w ? w.pieces.map((p) => engine.vocabulary()!.words[p]).join('+') : null;
};

describe('whole words on lexvla-tiny', () => {
  it("builds the table from the bundle's own texts and tokenizer, once per model", async () => {
    expect(await spelled('raccoon')()).toBe('racc+oon');
    // "b" and "ster" are continuation tokens: their rows are those of "▁b" and "▁ster".
    expect(await spelled('lobster')()).toBe('lo+b+ster');
    expect(await spelled('carrot')()).toBe('car+rot');
    expect(await spelled('the')()).toBeNull(); // one piece
    const v = engine.vocabulary()!;
    expect(wholeWordsOf(engine.bundleSource(), engine.manifest!, v)).toBe(wholeWordsOf(engine.bundleSource(), engine.manifest!, v));
  });

  it('shows "snail" in the global list in place of "sn" and "ail", valued at the smaller', async () => {
    const plain = engine.words({ kind: 'global' }, 80);
    const value = (w: string) => plain.values[plain.words.indexOf(w)];
    expect(plain.words).toEqual(expect.arrayContaining(['sn', 'ail']));
    const list = await wholeWords(engine, { kind: 'global' }, 80);
    const i = list.words.indexOf('snail');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(list.values[i]).toBe(Math.min(value('sn'), value('ail')));
    expect(list.pieces[i]!.map((p) => [p.word, p.value])).toEqual([['sn', value('sn')], ['ail', value('ail')]]);
    expect(list.words).not.toContain('sn');
    expect(list.words).not.toContain('ail');
    expect(list.activeCount).toBe(plain.activeCount);
    // Every other entry is the plain list's, in the plain list's order.
    const others = list.words.filter((_, j) => list.pieces[j] === null);
    const absorbed = new Set(list.pieces.flatMap((p) => p?.map((x) => x.word) ?? []));
    expect(others).toEqual(plain.words.filter((w) => !absorbed.has(w)));
  });

  it("gives a whole word's heatmap as the minimum of its pieces' heatmaps, equal to its value where a patch shows it", async () => {
    const global = await wholeWords(engine, { kind: 'global' }, 80);
    const id = global.indices[global.words.indexOf('snail')];
    expect(isWholeWordId(engine, id)).toBe(true);
    const h = await wholeWordHeatmap(engine, id);
    expect(h.label).toBe('snail');
    const col = (w: string) => engine.wordHeatmap(engine.vocabulary()!.words.indexOf(w)).values;
    const [sn, ail] = [col('sn'), col('ail')];
    expect(Array.from(h.values)).toEqual(Array.from(sn, (x, p) => Math.min(x, ail[p])));
    const shown: number[] = [];
    const bothActive: number[] = [];
    for (let p = 0; p < h.values.length; p++) {
      const plain = engine.words({ kind: 'patch', index: p }, 1000).words;
      if (plain.includes('sn') && plain.includes('ail')) bothActive.push(p);
      const list = await wholeWords(engine, { kind: 'patch', index: p }, 1000);
      const j = list.indices.indexOf(id);
      if (j < 0) continue;
      shown.push(p);
      expect(list.values[j]).toBeCloseTo(h.values[p], 6);
    }
    // Shown exactly on the patches whose own list has both pieces active.
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(bothActive);
    const region = await wholeWords(engine, { kind: 'region', r0: 0, c0: 0, r1: 7, c1: 7 }, 1000);
    expect(region.words).toContain('snail');
    await expect(wholeWordHeatmap(engine, 19545 + 100000)).rejects.toThrow(/is not a whole word of lexvla-tiny/);
  });
});
