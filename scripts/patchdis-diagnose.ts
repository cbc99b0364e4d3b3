/**
 * Why PatchDis scores what it scores: a diagnosis, not a metric to tune on. For one bundle and
 * one evaluation set it reports, through the app's own modules (Engine, encodeClasses,
 * classSimilarity, labelPatches, maskPatchLabels, IoUAccumulator):
 * - how many ground-truth patches are background, and how many each threshold labels background;
 * - mIoU under each background threshold of a sweep (the default rule included);
 * - foreground accuracy: on patches whose ground truth is a class, how often the argmax class is
 *   right, with no background rule at all (separates "which class" from "object or not");
 * - collapse: the classes that win the argmax most often, and their share of all patches;
 * - the class text vectors: active words each, and their mean pairwise cosine (near 1 = the
 *   text side says the same thing for every class name);
 * - lexical grounding (lexical bundles): how often a class name's own words are among the top 10
 *   of its text vector, and an image's present class words among the top 20 of its global vector;
 * - image-level classes: how often a present class is among the 5 classes closest to the
 *   image's global vector (no patches involved: is the failure local or global?).
 *
 *   npx tsx scripts/patchdis-diagnose.ts <bundle> <evalset-dir> [--thresholds a,b,c] [--limit N]
 * Prints one JSON object. scripts/report.mjs runs it; docs/results.md quotes it.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet, readJson } from '../src/bundle/loaders';
import { defaultBackgroundThreshold } from '../src/lexical/background';
import { IoUAccumulator } from '../src/lexical/iou';
import { labelPatches } from '../src/lexical/patchdis';
import { dotSparseDense, toDense, topN, type SparseVector } from '../src/lexical/sparse';
import { encodeClasses } from '../src/patchdis/classes';
import { maskPatchLabels, readMask } from '../src/patchdis/ground-truth';
import { classSimilarity } from '../src/patchdis/label-image';
import { loadEngine } from '../cli/open';
import { parseArgs, expectPositionals } from '../cli/args';

const DEFAULT_SWEEP = { lexical: [0.01, 0.015, 0.02, 0.03, 0.05, 0.08], dense: [0.05, 0.1, 0.15, 0.2, 0.3] };

/** Mean pairwise cosine of the rows (float32 [n, d] as arrays), and the mean row's norm. */
function meanPairwiseCosine(rows: Float32Array[]): number {
  const unit = rows.map((r) => {
    let ss = 0;
    for (const x of r) ss += x * x;
    return r.map((x) => x / Math.sqrt(ss || 1));
  });
  // sum_{i != j} <u_i, u_j> = |sum u|^2 - n, without the O(n^2 d) double loop.
  const d = unit[0].length;
  const sum = new Float64Array(d);
  for (const u of unit) for (let k = 0; k < d; k++) sum[k] += u[k];
  let ss = 0;
  for (const x of sum) ss += x * x;
  const n = unit.length;
  return (ss - n) / (n * (n - 1));
}

async function main(argv: string[]): Promise<void> {
  const p = parseArgs(argv, { thresholds: 'string', limit: 'number' });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], 'tsx scripts/patchdis-diagnose.ts <bundle> <evalset-dir> [--thresholds a,b] [--limit N]');
  const evalSource = sourceFromDir(evalDir);
  const { evalSet: set } = await loadEvalSet(evalSource);
  const engine = await loadEngine(bundle, 'cpu');
  const info = engine.info();
  const C = set.classes.length;
  const def = defaultBackgroundThreshold(info.kind, engine.sparsifyRule);
  const sweep = p.flags.thresholds ? String(p.flags.thresholds).split(',').map(Number) : DEFAULT_SWEEP[info.kind];
  const thresholds = [def.threshold, ...sweep.filter((t) => t !== def.threshold)];
  const classes = await encodeClasses(engine, set.classes);
  // Vocabulary indices of each class name's own tokens (lexical only): the words it should light up.
  const vocab = engine.vocabulary();
  let ownWords: Set<number>[] | null = null;
  if (vocab && engine.manifest!.text.tokenizer) {
    const tok = new Tokenizer((await readJson(engine.bundleSource(), engine.manifest!.text.tokenizer)) as object, {});
    const byToken = new Map<number, number[]>();
    for (let j = 0; j < vocab.tokenIds.length; j++) byToken.set(vocab.tokenIds[j], [...(byToken.get(vocab.tokenIds[j]) ?? []), j]);
    ownWords = set.classes.map((name) => new Set(tok.encode(name, { add_special_tokens: false }).ids.flatMap((id) => byToken.get(id) ?? [])));
  }
  const accs = thresholds.map(() => new IoUAccumulator(C));
  let imageTop5 = 0;
  let imageTop5Chance = 0; // sum over images of P(a random 5 of C classes hits a present one)
  let imageWordTop20 = 0;
  const predBackground = thresholds.map(() => 0);
  const wins = new Float64Array(C);
  let patches = 0;
  let gtBackground = 0;
  let fgRight = 0;
  const items = set.items.filter((it) => it.mask).slice(0, (p.flags.limit as number | undefined) ?? Infinity);
  for (const item of items) {
    const { image } = await engine.encodeDetached(await evalSource.read(item.image), item.image, 0);
    const mask = readMask(await evalSource.read(item.mask!), item.mask!, { ...image, name: item.image }, C);
    const gt = maskPatchLabels(mask, image, info.inputSize, info.grid, C);
    const sim = classSimilarity(image, classes);
    const present = new Set([...gt].filter((l) => l >= 0));
    const globalSim = classes.map((c) => (c.vector.kind === 'lexical'
      ? dotSparseDense(c.vector.vector, image.global)
      : dotSparseDense({ indices: Uint32Array.from(c.vector.vector.keys()), values: c.vector.vector }, image.global)));
    const top5 = [...globalSim.keys()].sort((a, b) => globalSim[b] - globalSim[a] || a - b).slice(0, 5);
    if (top5.some((c) => present.has(c))) imageTop5++;
    let miss = 1;
    for (let i = 0; i < 5; i++) miss *= (C - present.size - i) / (C - i);
    imageTop5Chance += 1 - miss;
    if (ownWords && image.kind === 'lexical') {
      const top20 = new Set(topN(image.global, 20).indices);
      if ([...present].some((c) => [...ownWords![c]].some((j) => top20.has(j)))) imageWordTop20++;
    }
    const argmax = labelPatches(sim, C, -Infinity);
    for (let q = 0; q < gt.length; q++) {
      patches++;
      wins[argmax[q]]++;
      if (gt[q] < 0) gtBackground++;
      else if (argmax[q] === gt[q]) fgRight++;
    }
    thresholds.forEach((t, s) => {
      const pred = labelPatches(sim, C, t);
      accs[s].add(pred, gt);
      for (const l of pred) if (l < 0) predBackground[s]++;
    });
  }
  const ownTop10 = ownWords
    ? classes.filter((c, i) => [...topN(toDense(c.vector.vector as SparseVector, info.vocabSize!), 10).indices].some((j) => ownWords![i].has(j))).length / C
    : null;
  const textRows = classes.map((c) => (c.vector.kind === 'lexical' ? toDense(c.vector.vector, info.vocabSize!) : c.vector.vector));
  const topWinners = [...wins.keys()].sort((a, b) => wins[b] - wins[a] || a - b).slice(0, 5)
    .map((c) => ({ class: set.classes[c], share: wins[c] / patches }));
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  console.log(JSON.stringify({
    bundle: info.name,
    evalSet: set.name,
    images: items.length,
    patches,
    defaultThreshold: { value: def.threshold, rule: def.why },
    gtBackgroundShare: round(gtBackground / patches),
    foregroundAccuracy: round(fgRight / (patches - gtBackground)),
    sweep: thresholds.map((t, s) => ({ threshold: t, miou: round(accs[s].result().miou), predBackgroundShare: round(predBackground[s] / patches) })),
    mostPredicted: topWinners.map((w) => ({ ...w, share: round(w.share) })),
    classText: {
      activeWords: info.kind === 'lexical' ? round(classes.reduce((s, c) => s + (c.vector.vector as { indices: Uint32Array }).indices.length, 0) / C) : null,
      rule: info.sparsify,
      meanPairwiseCosine: round(meanPairwiseCosine(textRows)),
      ownWordInTop10: ownTop10 === null ? null : round(ownTop10),
    },
    imageLevel: {
      presentClassInTop5: round(imageTop5 / items.length),
      presentClassInTop5Chance: round(imageTop5Chance / items.length),
      presentClassWordInGlobalTop20: ownWords ? round(imageWordTop20 / items.length) : null,
    },
  }, null, 1));
  await engine.dispose();
}

await main(process.argv.slice(2));
