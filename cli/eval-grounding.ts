/**
 * `lexvla eval grounding <bundle> <evalset-dir> [--top 5,20] [--json]`: how often an image's global
 * top K words name the classes present in it (from the set's boxes), beside what a word list that
 * never saw the image gets (image-blind fixed lists, shuffled lists). The measures are
 * src/lexical/grounding.ts; this file only gathers its input through the app's Engine.
 */
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import type { EvalSetJson } from '../src/bundle/types';
import { groundingReport, nameWords, presentClasses, type GroundingInput, type GroundingShare } from '../src/lexical/grounding';
import type { Engine } from '../src/model/engine';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

const USAGE = 'lexvla eval grounding <bundle> <evalset-dir> [--top 5,20] [--json] [--backend cpu]';
export const DEFAULT_KS = [5, 20];

/**
 * The grounding input of an eval set: each image's global words (the app's word list: the
 * bundle's sparsity rule, strongest first, at most maxK) and present classes; each class name's
 * words through the app's text lookup. `where` names the set in errors.
 */
export async function groundingInput(
  engine: Engine,
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  maxK: number,
  where: string,
): Promise<GroundingInput> {
  const text = await engine.text();
  const classWords = new Map<string, string[]>();
  for (const name of set.classes) {
    const v = text.lookup(name);
    if (v.kind !== 'lexical') throw new Error(`${where}: class "${name}" looked up to a ${v.kind} vector, expected a lexical one`);
    classWords.set(name, nameWords(v.used));
  }
  const images = [];
  for (const [i, item] of set.items.entries()) {
    const present = presentClasses(set.classes, item, i, where);
    const { result } = await engine.encodeDetached(await read(item.image), item.image, maxK);
    images.push({ id: item.id, top: result.global.words, present });
  }
  return { images, classWords };
}

export async function groundingCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { json: 'boolean', backend: 'string', top: 'string' });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], USAGE);
  const ks = p.flags.top === undefined ? DEFAULT_KS : String(p.flags.top).split(',').map((s) => Number(s.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError(`--top is "${p.flags.top}", expected positive integers separated by commas (e.g. 5,20)`);
  const source = sourceFromDir(evalDir);
  const { evalSet: set } = await loadEvalSet(source);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const manifest = engine.manifest!;
    if (manifest.kind !== 'lexical' || !engine.vocabulary()) {
      throw new Error(`${bundle}: manifest.json kind is "${manifest.kind}", expected "lexical": eval grounding counts the words an image lights up, and a dense bundle has no words`);
    }
    const input = await groundingInput(engine, set, (path) => source.read(path), Math.max(...ks), `${evalDir}/evalset.json`);
    const r = groundingReport(input, ks);
    if (p.flags.json) {
      io.out(JSON.stringify({ bundle: manifest.name, evalSet: set.name, sparsify: engine.sparsifyRule, ...r }, null, 2));
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
    io.out(`${manifest.name} on ${set.name}: ${r.images} images with a class (${r.imagesWithoutClasses} without), ${r.pairs} (image, present class) pairs, ${r.classes} class names (${r.wordlessClasses.length} with no word of 2+ characters in the vocabulary)`);
    io.out('an image\'s top K: its global words above the sparsity rule, strongest first, at most K');
    io.out('image-blind = max(greedy fixed list, the model\'s K most frequent words); shuffled = image i scored with image i+1\'s words');
    for (const at of r.atK) {
      io.out('');
      io.out(`K = ${at.k} (mean list length ${at.meanListLength.toFixed(1)})`);
      io.out(`${''.padEnd(34)}  model  image-blind  (greedy  prior)  shuffled  model/baseline`);
      const row = (label: string, s: GroundingShare) =>
        io.out(`${label.padEnd(34)}${pct(s.model)}  ${pct(s.imageBlind)}     (${pct(s.fixedGreedy)}${pct(s.fixedPrior)})  ${pct(s.shuffled)}  ${s.baseline === 0 ? '—' : `${(s.model / s.baseline).toFixed(2)}x`}`);
      row('pairs named (any name word)', at.pairs);
      row('images with a class named', at.images);
      row('pairs named (strict word only)', at.strictPairs);
      row('images named (strict word only)', at.strictImages);
      io.out(`  greedy fixed list (pairs): ${at.pairs.fixedGreedyWords.join(' ')}`);
      io.out(`  the model's most frequent: ${at.priorWords.join(' ')}`);
    }
    return 0;
  } finally {
    await engine.dispose();
  }
}
