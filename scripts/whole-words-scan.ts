/**
 * Which held-out images of a bundle show whole words (word pieces read as words, src/lexical/whole-words.ts):
 * per image, the whole words of its global list (top 80, as the app shows it) with their pieces,
 * the patches whose list (top 40) shows one, and which of them name a class present in the image.
 * It chose the image of src/worker/whole-words.test.ts and e2e/whole-words.spec.ts.
 *   npx tsx scripts/whole-words-scan.ts [bundle folder, default public/models/lexvla-tiny]
 */
import { readFile } from 'node:fs/promises';
import { loadEngine } from '../cli/open';
import { loadEvalSet } from '../src/bundle/loaders';
import { presentClasses } from '../src/lexical/grounding';
import { wholeWordsOf } from '../src/model/whole-word-source';
import { wholeWords } from '../src/worker/whole-words';

const bundle = process.argv[2] ?? 'public/models/lexvla-tiny';
const engine = await loadEngine(bundle, 'cpu');
const m = engine.manifest!;
if (!m.eval) throw new Error(`${bundle}/manifest.json: eval is missing, expected an evaluation set to scan`);
const { evalSet, dir } = await loadEvalSet(engine.bundleSource(), m.eval.dir);
const [rows, cols] = m.preprocess.grid;
const table = await wholeWordsOf(engine.bundleSource(), m, engine.vocabulary()!);
console.log(`${m.name}: ${table.size} whole words from its class names and captions`);
const counts = { shown: 0, named: 0 };
for (const [i, item] of evalSet.items.entries()) {
  await engine.encode(new Uint8Array(await readFile(`${bundle}/${dir}/${item.image}`)), item.image, 80);
  const global = await wholeWords(engine, { kind: 'global' }, 80);
  const merged = global.words.flatMap((w, j) => (global.pieces[j] ? [`${w} = ${global.pieces[j]!.map((p) => p.word).join(' + ')}`] : []));
  const patches: string[] = [];
  for (let p = 0; p < rows * cols; p++) {
    const list = await wholeWords(engine, { kind: 'patch', index: p }, 40);
    list.words.forEach((w, j) => list.pieces[j] && patches.push(`${p}:${w}`));
  }
  const present = presentClasses(evalSet.classes, item, i, `${dir}/evalset.json`);
  const named = global.words.filter((w, j) => global.pieces[j] && present.some((c) => c.split(' ').includes(w)));
  counts.shown += merged.length > 0 ? 1 : 0;
  counts.named += named.length > 0 ? 1 : 0;
  console.log(`${item.image}\tglobal: ${merged.join(', ') || '-'}\tpatches: ${patches.join(' ') || '-'}\tpresent: ${present.join(', ')}${named.length ? `\tNAMED: ${named.join(', ')}` : ''}`);
}
console.log(`${evalSet.items.length} images: ${counts.shown} show a whole word in their global list, ${counts.named} one that names a class present in the image`);
