/**
 * `lexvla eval overuse <bundle> <evalset-dir> [--top 15] [--top-k k] [--json]`: the share of
 * image activation on words no caption or class name of the set contains, and the most
 * over-used words (docs/method.md, overuse vs FLOPs penalty). Images go through the app's Engine
 * (encodeDetached: decode, preprocess, vision ONNX, L2-normalised global vector); captions and
 * class names through the bundle's tokenizer.json, built as src/model/text.ts builds it.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { readJson } from '../src/bundle/loaders';
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';
import { groundedMask, OveruseAccumulator, type OveruseWord } from './overuse-stats';

const USAGE = 'lexvla eval overuse <bundle> <evalset-dir> [--top 15] [--top-k k] [--json] [--backend cpu]';

export async function overuseCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { json: 'boolean', backend: 'string', top: 'number', 'top-k': 'number' });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], USAGE);
  const top = (p.flags.top as number | undefined) ?? 15;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top is ${top}, expected a positive integer`);
  const topK = (p.flags['top-k'] as number | undefined) ?? null;
  if (topK !== null && !(Number.isInteger(topK) && topK > 0)) throw new UsageError(`--top-k is ${topK}, expected a positive integer`);
  const evalSource = sourceFromDir(evalDir);
  const { evalSet: set } = await loadEvalSet(evalSource);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const manifest = engine.manifest!;
    const vocab = engine.vocabulary();
    if (manifest.kind !== 'lexical' || !vocab || !manifest.sparsify) {
      throw new Error(`${bundle}: manifest.json kind is "${manifest.kind}", expected "lexical": a dense bundle has no words to measure`);
    }
    const tokenizerPath = manifest.text.tokenizer;
    if (!tokenizerPath) throw new Error(`${bundle}: manifest.json text.tokenizer is absent, expected a tokenizer.json to tokenise the captions`);
    const tokenizer = new Tokenizer((await readJson(engine.bundleSource(), tokenizerPath)) as object, {});
    const texts = [...set.classes, ...set.items.flatMap((it) => it.captions)];
    const grounded = groundedMask(texts.map((t) => tokenizer.encode(t, { add_special_tokens: false }).ids), vocab.tokenIds);
    // The paper's active words: above the threshold, uncapped unless --top-k asks for the bundle's cap.
    const acc = new OveruseAccumulator(grounded, { threshold: manifest.sparsify.threshold, topK });
    for (const item of set.items) {
      const { image } = await engine.encodeDetached(await evalSource.read(item.image), item.image, 0);
      acc.add(image.global);
    }
    const r = acc.result(vocab.words, top);
    const groundedList = vocab.words.filter((_, j) => grounded[j] === 1);
    if (p.flags.json) {
      io.out(JSON.stringify({ bundle: manifest.name, evalSet: set.name, texts: texts.length, ...r, grounded: groundedList }, null, 2));
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    io.out(`${manifest.name} on ${set.name}: ${r.images} images; ${r.groundedWords} grounded words (in ${texts.length} captions and class names)`);
    io.out(`rule: value > ${r.rule.threshold.toPrecision(4)}${topK ? `, top ${topK}` : ', no top-k cap'}`);
    io.out(`active words per image ${r.activeWords.toFixed(1)} (${r.activeWordsMin}..${r.activeWordsMax}), of them ungrounded ${r.activeUngrounded.toFixed(1)}`);
    io.out(`ungrounded share of active mass ${pct(r.ungroundedShare)} (of the whole vector ${pct(r.ungroundedShareDense)}; a word-blind model: ${pct(r.chanceUngroundedShare)})`);
    const table = (title: string, rows: OveruseWord[]) => {
      io.out(title);
      for (const w of rows) io.out(`  ${w.word.padEnd(16)} mean ${w.mean.toFixed(4)}  df ${pct(w.df).padStart(6)}${w.grounded ? '' : '  (ungrounded)'}`);
    };
    table('top words by mean activation:', r.topByMean);
    table('top words by document frequency:', r.topByDf);
    io.out(`function words, share of images where active: ${r.functionWords.map((w) => `"${w.word}" ${pct(w.df)}`).join(', ') || 'none in the vocabulary'}`);
    return 0;
  } finally {
    await engine.dispose();
  }
}
