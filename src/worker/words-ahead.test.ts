/**
 * Words ahead of the pointer on the default bundle (onnxruntime-node, the worker's own code): the
 * lists made ahead are the lists a hover or a drag would ask for, target by target, and a batch
 * whose image or rule is no longer current is given up instead of answered.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from '../model/engine';
import { wholeWords } from './whole-words';
import { wordsAhead, type WordsAheadAsk } from './words-ahead';

const BUNDLE = 'public/models/lexvla-tiny';
const TOP = 40;

let engine: Engine;
let image: Uint8Array;
let ask: WordsAheadAsk;
beforeAll(async () => {
  engine = new Engine(nodeRuntime());
  await engine.load(sourceFromDir(BUNDLE), 'cpu');
  image = new Uint8Array(await readFile(`${BUNDLE}/eval/images/0005.png`));
  const { imageId } = await engine.encode(image, '0005.png', 80);
  ask = { imageId, rule: { ...engine.sparsifyRule! }, anchor: null, topN: TOP };
}, 60_000);

describe('words ahead on lexvla-tiny', () => {
  it("gives every patch's list, the one `words` gives for that patch", async () => {
    const lists = await wordsAhead(engine, ask);
    expect(lists).toHaveLength(64);
    for (let p = 0; p < 64; p++) expect(lists![p], `patch ${p}`).toEqual(engine.words({ kind: 'patch', index: p }, TOP));
  });

  it("gives every region's list with a corner at the anchor, by the opposite corner, in slices of any length", async () => {
    const anchor = 2 * 8 + 5; // row 2, column 5
    const lists = await wordsAhead(engine, { ...ask, anchor }, 0);
    expect(lists).toHaveLength(64);
    for (let p = 0; p < 64; p++) {
      const target = { kind: 'region' as const, r0: 2, c0: 5, r1: Math.floor(p / 8), c1: p % 8 };
      expect(lists![p], `corner ${p}`).toEqual(engine.words(target, TOP));
    }
  });

  it("sends a region batch's nearest regions first: every region within a row of the anchor, the lists of the answer", async () => {
    const anchor = 2 * 8 + 5;
    const parts: Array<Array<[number, unknown]>> = [];
    const lists = await wordsAhead(engine, { ...ask, anchor }, 0, (part) => parts.push([...part]));
    expect(parts).toHaveLength(1);
    expect(parts[0].map(([p]) => p).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => 8 + i)); // rows 1 to 3
    for (const [p, list] of parts[0]) expect(list).toEqual(lists![p]);
    // On the grid's edge, a row fewer; a patch batch has no parts.
    const edge: number[] = [];
    await wordsAhead(engine, { ...ask, anchor: 3 }, 0, (part) => edge.push(part.length));
    await wordsAhead(engine, ask, 0, (part) => edge.push(-part.length));
    expect(edge).toEqual([16]);
  });

  it('reads word pieces as words when asked, as the `words` request does', async () => {
    const lists = await wordsAhead(engine, { ...ask, wholeWords: true });
    for (const p of [0, 19, 26, 63]) expect(lists![p]).toEqual(await wholeWords(engine, { kind: 'patch', index: p }, TOP));
  });

  it('answers null for another image or another rule, and gives up when an encode starts meanwhile', async () => {
    expect(await wordsAhead(engine, { ...ask, imageId: ask.imageId + 100 })).toBeNull();
    expect(await wordsAhead(engine, { ...ask, rule: { threshold: ask.rule.threshold * 2, topK: null } })).toBeNull();
    const batch = wordsAhead(engine, ask, 0);
    const encoding = engine.encode(image, '0005.png', 80);
    expect(await batch).toBeNull();
    // The new encode is the image now: a batch asked for it is answered.
    const { imageId } = await encoding;
    expect(await wordsAhead(engine, { ...ask, imageId })).toHaveLength(64);
  });

  it('gives up a region batch when the regions of another patch are asked for meanwhile', async () => {
    const now = { ...ask, imageId: engine.imageId! }; // the image of the last encode
    const first = wordsAhead(engine, { ...now, anchor: 3 }, 0);
    const second = wordsAhead(engine, { ...now, anchor: 60 }, 0);
    expect(await first).toBeNull();
    const lists = await second;
    expect(lists).toHaveLength(64);
    expect(lists![63]).toEqual(engine.words({ kind: 'region', r0: 7, c0: 4, r1: 7, c1: 7 }, TOP));
    // Patch lists are not region batches: they stand beside one.
    const patches = wordsAhead(engine, now, 0);
    const region = wordsAhead(engine, { ...now, anchor: 5 }, 0);
    expect(await patches).toHaveLength(64);
    expect(await region).toHaveLength(64);
  });
});
