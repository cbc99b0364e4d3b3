/**
 * `lexvla eval grounding` as a user runs it (cli/bin.mjs in a child process) on the colour
 * fixture, whose global top word is an image's dominant colour. Eval sets are written to a
 * temporary folder: solid-colour images, so each image's ranking is known.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';

const BUNDLE = 'e2e/fixtures/color-bundle';
const COLOURS = { red: [255, 0, 0], blue: [0, 0, 255] } as const;

function lexvla(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An eval set over classes [red, blue]: each item an image of one solid colour and its 1-based box classes. */
function evalSet(items: Array<{ colour: keyof typeof COLOURS; classes: number[] }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lexvla-grounding-'));
  dirs.push(dir);
  for (const [name, rgb] of Object.entries(COLOURS)) {
    const data = new Uint8Array(224 * 224 * 3).map((_, i) => rgb[i % 3]);
    writeFileSync(join(dir, `${name}.png`), encodePng({ width: 224, height: 224, data, channels: 3, depth: 8 }));
  }
  const json = {
    format: 'lexvla-evalset',
    version: 1,
    name: 'solid-colours',
    classes: ['red', 'blue'],
    items: items.map((it, i) => ({ id: `${i}`, image: `${it.colour}.png`, captions: [], boxes: it.classes.map((c) => ({ class: c, box: [0, 0, 224, 224] })) })),
  };
  writeFileSync(join(dir, 'evalset.json'), JSON.stringify(json));
  return dir;
}

function grounding(dir: string, top: string) {
  const r = lexvla('eval', 'grounding', BUNDLE, dir, '--top', top, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

describe('lexvla eval grounding', () => {
  it('a model that reads the image beats its shuffled and image-blind baselines', () => {
    // Image 0 is red and shows red (class 1); image 1 is blue and shows blue (class 2).
    const j = grounding(evalSet([{ colour: 'red', classes: [1] }, { colour: 'blue', classes: [2] }]), '1');
    expect(j).toMatchObject({ bundle: 'colour-fixture', evalSet: 'solid-colours', images: 2, pairs: 2, classes: 2 });
    const at = j.atK[0];
    expect(at.priorWords).toEqual(['blue']); // red and blue once each: alphabetical
    // Each image's own word names its class; the neighbour's word never does; one fixed word names one of two.
    expect(at.pairs).toMatchObject({ named: 2, of: 2, model: 1, shuffled: 0, fixedGreedy: 0.5, fixedGreedyWords: ['blue'], fixedPrior: 0.5, imageBlind: 0.5, baseline: 0.5 });
    expect(at.strictImages).toMatchObject({ model: 1, shuffled: 0, baseline: 0.5 });
  });

  it('a constant ranking (every item the same image) scores exactly its shuffled baseline', () => {
    // The red image's top word is "red" for every item; the classes differ per item.
    const dir = evalSet([
      { colour: 'red', classes: [1] },
      { colour: 'red', classes: [2] },
      { colour: 'red', classes: [2] },
      { colour: 'red', classes: [1, 2] },
    ]);
    const j = grounding(dir, '1');
    expect([j.images, j.pairs]).toEqual([4, 5]);
    const at = j.atK[0];
    expect(at.pairs).toMatchObject({ named: 2, model: 0.4, shuffled: 0.4, fixedPrior: 0.4, fixedGreedyWords: ['blue'], fixedGreedy: 0.6, baseline: 0.6 });
    expect(at.images).toMatchObject({ model: 0.5, shuffled: 0.5 });
  });

  it('prints the table for K = 5 and 20 by default', () => {
    const r = lexvla('eval', 'grounding', BUNDLE, evalSet([{ colour: 'red', classes: [1] }, { colour: 'blue', classes: [2] }]));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('colour-fixture on solid-colours: 2 images with a class (0 without), 2 (image, present class) pairs, 2 class names');
    // A solid colour lights up three words, so a list holds three even at K = 5.
    expect(r.out).toContain('K = 5 (mean list length 3.0)');
    expect(r.out).toContain('K = 20 (mean list length 3.0)');
    // model, image-blind (greedy, the model's most frequent), shuffled, model / baseline
    expect(r.out).toContain('\npairs named (any name word)        100.0%   100.0%     ( 100.0%  50.0%)     0.0%  1.00x\n');
    expect(r.out).toContain('  greedy fixed list (pairs): blue red\n');
  });

  it('refuses a dense bundle, naming it and its kind', () => {
    const r = lexvla('eval', 'grounding', 'e2e/fixtures/color-dense-bundle', 'e2e/fixtures/images');
    expect(r.code).toBe(1);
    expect(r.err).toBe('lexvla: e2e/fixtures/color-dense-bundle: manifest.json kind is "dense", expected "lexical": eval grounding counts the words an image lights up, and a dense bundle has no words\n');
  });

  it('refuses a K that is not a positive integer', () => {
    const r = lexvla('eval', 'grounding', BUNDLE, 'e2e/fixtures/images', '--top', '5,0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--top is "5,0", expected positive integers separated by commas (e.g. 5,20)');
  });
});
