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
 * - the text side (lexical bundles): how often a class name's own words are among the top 10
 *   of its text vector, beside a fixed list of 10 words given to every name and each name scored
 *   with the next name's words (src/lexical/grounding.ts, with classes in the place of images);
 * - image-level classes: how often a present class is among the 5 classes closest to the
 *   image's global vector (no patches involved: is the failure local or global?), beside a fixed
 *   list of 5 classes for every image and each image scored with the next image's 5 classes
 *   (the same module, with class names as the words).
 * Whether an image's own top words name its classes is `lexvla eval grounding`.
 *
 *   npx tsx scripts/patchdis-diagnose.ts <bundle> <evalset-dir> [--thresholds a,b,c] [--limit N]
 * Prints one JSON object. scripts/report.mjs runs it; docs/results.md quotes it.
 */
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import { defaultBackgroundThreshold } from '../src/lexical/background';
import { groundingReport, nameWords, type GroundingAtK, type GroundingImage, type GroundingShare } from '../src/lexical/grounding';
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

const round = (x: number) => Math.round(x * 1e4) / 1e4;

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
  const vocab = engine.vocabulary();
  const accs = thresholds.map(() => new IoUAccumulator(C));
  const imageClasses: GroundingImage[] = []; // each image's 5 closest classes, and its present classes
  let imageTop5Chance = 0; // sum over images of P(a random 5 of C classes hits a present one)
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
    imageClasses.push({ id: item.id, top: top5.map((c) => set.classes[c]), present: [...present].map((c) => set.classes[c]) });
    let miss = 1;
    for (let i = 0; i < 5; i++) miss *= (C - present.size - i) / (C - i);
    imageTop5Chance += 1 - miss;
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
  // Image-level classes: the grounding measures with class names for words (each class is its own word).
  const asWords = new Map(set.classes.map((c) => [c, [c]]));
  const imageTop5 = groundingReport({ images: imageClasses, classWords: asWords }, [5]).atK[0];
  // Text side: each class name is an "image" whose top 10 words should hold one of its own name words.
  let ownTop10: GroundingAtK | null = null;
  if (vocab && engine.manifest!.text.tokenizer) {
    const text = await engine.text();
    const classWords = new Map(set.classes.map((name) => {
      const v = text.lookup(name);
      return [name, v.kind === 'lexical' ? nameWords(v.used) : []];
    }));
    const names = classes.map((c, i) => ({
      id: set.classes[i],
      top: [...topN(toDense(c.vector.vector as SparseVector, info.vocabSize!), 10).indices].map((j) => vocab.words[j]),
      present: [set.classes[i]],
    }));
    ownTop10 = groundingReport({ images: names, classWords }, [10]).atK[0];
  }
  // A share beside its baselines, and the fixed list that gave the image-blind one.
  const baselines = (at: GroundingAtK, s: GroundingShare) => ({
    share: round(s.model),
    imageBlind: round(s.imageBlind),
    shuffled: round(s.shuffled),
    fixedList: s.fixedGreedy >= s.fixedPrior ? s.fixedGreedyWords : at.priorWords,
  });
  const textRows = classes.map((c) => (c.vector.kind === 'lexical' ? toDense(c.vector.vector, info.vocabSize!) : c.vector.vector));
  const topWinners = [...wins.keys()].sort((a, b) => wins[b] - wins[a] || a - b).slice(0, 5)
    .map((c) => ({ class: set.classes[c], share: wins[c] / patches }));
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
      // Share of class names with an own name word in the top 10 of their text vector; imageBlind:
      // the best of a greedy fixed list of 10 words and the text side's 10 most frequent words.
      ownWordInTop10: ownTop10 === null ? null : baselines(ownTop10, ownTop10.pairs),
    },
    imageLevel: {
      // Share of images (with a class in their mask) with a present class among the 5 classes
      // closest to their global vector; imageBlind: the same 5 classes for every image.
      presentClassInTop5: baselines(imageTop5, imageTop5.images),
      presentClassInTop5Chance: round(imageTop5Chance / items.length),
    },
  }, null, 1));
  await engine.dispose();
}

await main(process.argv.slice(2));
