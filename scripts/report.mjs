#!/usr/bin/env node
// The evaluation report (docs/results.md), every number from one run of this script:
//   node scripts/report.mjs            (about 5 minutes on 2 CPU cores)
// 1. writes the held-out set: EmojiScenes 'test', 300 scenes, seed 0 -> out/evalset-test/
// 2. exports the penalty ablation pair runs/ablation-overuse and runs/ablation-flops (the same short
//    recipe with the overuse or the FLOPs penalty, train/scripts/ablations.sh) -> out/bundles/
// 3. runs `lexvla eval retrieval|patchdis|overuse|grounding` and scripts/patchdis-diagnose.ts on
//    public/models/lexvla-tiny and public/models/clip-tiny (grounding and overuse for the lexical
//    bundles only; overuse and retrieval on the ablation pair)
// 4. prints the markdown tables of docs/results.md; the raw JSON stays in out/report/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const PY = join(ROOT, '.venv/bin/python'); // the project's venv (scripts/setup.sh), with torch
const SET = 'out/evalset-test';
const REPORT = 'out/report';
const LEX = 'public/models/lexvla-tiny';
const CLIP = 'public/models/clip-tiny';
const SWEEP_TOPK = '2,4,8,16,32,64'; // the paper's Fig. 5: recall and PatchDis against sparsity
const ABLATIONS = [['overuse', 'ablation-overuse'], ['FLOPs', 'ablation-flops']]; // runs/<name>
const env = { ...process.env, PYTHONPATH: 'train:data', OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '2', ONNXRUNTIME_NODE_INSTALL: 'skip' };

function run(cmd, args, { json = false } = {}) {
  process.stderr.write(`$ ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return json ? JSON.parse(r.stdout) : r.stdout;
}

function lexvla(name, ...args) {
  const out = run(process.execPath, ['cli/bin.mjs', ...args, '--json'], { json: true });
  writeFileSync(join(ROOT, REPORT, `${name}.json`), JSON.stringify(out, null, 1) + '\n');
  return out;
}

function diagnose(name, bundle) {
  const out = run(process.execPath, ['node_modules/.bin/tsx', 'scripts/patchdis-diagnose.ts', bundle, SET], { json: true });
  writeFileSync(join(ROOT, REPORT, `${name}.json`), JSON.stringify(out, null, 1) + '\n');
  return out;
}

mkdirSync(join(ROOT, REPORT), { recursive: true });
run(PY, ['-m', 'emojiscenes.write_evalset', '--split', 'test', '--count', '300', '--seed', '0', '--out', SET]);
const haveAblations = ABLATIONS.every(([, name]) => existsSync(join(ROOT, 'runs', name, 'model.pt')));
if (haveAblations) {
  for (const [, name] of ABLATIONS) {
    // --gallery 0: no gallery; --no-golden keeps train/golden/ as is.
    run(PY, ['-m', 'lexvla.export', '--ckpt', `runs/${name}`, '--out', `out/bundles/${name}`, '--fp16', '--gallery', '0', '--eval', '0', '--no-golden']);
  }
}

const models = [['lexvla', LEX], ['clip', CLIP]];
const res = {};
for (const [key, bundle] of models) {
  res[key] = {
    retrieval: lexvla(`${key}-retrieval`, 'eval', 'retrieval', bundle, SET),
    patchdis: lexvla(`${key}-patchdis`, 'eval', 'patchdis', bundle, SET),
    diag: diagnose(`${key}-diagnose`, bundle),
  };
  // The diagnosis's first sweep point is the default rule: it must equal `eval patchdis`.
  const [d0, cli] = [res[key].diag.sweep[0].miou, res[key].patchdis.miou];
  if (Math.abs(d0 - cli) > 1e-4) throw new Error(`${bundle}: diagnose mIoU ${d0} != eval patchdis mIoU ${cli}`);
}
res.lexvla.overuse = lexvla('lexvla-overuse', 'eval', 'overuse', LEX, SET);
res.lexvla.sweep = lexvla('lexvla-sweep', 'sweep', LEX, SET, '--topk', SWEEP_TOPK);
res.lexvla.grounding = lexvla('lexvla-grounding', 'eval', 'grounding', LEX, SET);
if (haveAblations) {
  res.ablations = ABLATIONS.map(([label, name]) => ({
    label, name,
    overuse: lexvla(`${name}-overuse`, 'eval', 'overuse', `out/bundles/${name}`, SET),
    retrieval: lexvla(`${name}-retrieval`, 'eval', 'retrieval', `out/bundles/${name}`, SET),
  }));
}

const pct = (x, d = 1) => (100 * x).toFixed(d);
const runCfg = (name) => {
  const p = join(ROOT, 'runs', name, 'config.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
};
const steps = (name) => runCfg(name)?.steps_done ?? '?';
const training = (name) => {
  const c = runCfg(name);
  if (!c) return '?';
  const threads = c.threads ? `, ${c.threads} thread${c.threads > 1 ? 's' : ''}` : '';
  return `${c.steps_done} steps × ${c.train.batch}, ${(c.train_seconds / 60).toFixed(0)} min on ${c.device === 'cpu' ? `the 2-core CPU${threads}` : c.device}`;
};
const lines = [];
const out = (s = '') => lines.push(s);

out(`Held-out set: ${res.lexvla.retrieval.evalSet} (${res.lexvla.retrieval.images} images, ${res.lexvla.retrieval.captions} captions, ${res.lexvla.patchdis.classes.length} classes).`);
out();
out('| model | training | PatchDis mIoU (%) | I→T R@1 / R@5 / R@10 (%) | T→I R@1 / R@5 / R@10 (%) | avg active words (image) |');
out('|---|---|---|---|---|---|');
for (const [key, label, run] of [['lexvla', 'LexVLA-tiny', 'lexvla-tiny'], ['clip', 'CLIP-tiny', 'clip-tiny']]) {
  const r = res[key];
  const rk = (d) => [1, 5, 10].map((k) => pct(r.retrieval[d][k])).join(' / ');
  const active = key === 'lexvla'
    ? `${r.overuse.activeWords.toFixed(0)} (values > 1/√V, uncapped); "the" / "of" / "a" active on ${r.overuse.functionWords.map((w) => `${pct(w.df, 0)}%`).join(' / ')} of images`
    : 'dense, D = 256';
  out(`| ${label} | ${training(run)} | ${pct(r.patchdis.miou, 2)} | ${rk('i2t')} | ${rk('t2i')} | ${active} |`);
}
out();
out('PatchDis diagnosis (scripts/patchdis-diagnose.ts, same set):');
out();
out('| model | GT background patches | predicted background (default rule) | foreground accuracy (argmax, no background rule) | most-predicted class (share of patches) | class text vectors: mean pairwise cosine | present class in image-level top 5 (the same 5 classes for every image; shuffled; chance) |');
out('|---|---|---|---|---|---|---|');
for (const [key, label] of [['lexvla', 'LexVLA-tiny'], ['clip', 'CLIP-tiny']]) {
  const d = res[key].diag;
  out(`| ${label} | ${pct(d.gtBackgroundShare)}% | ${pct(d.sweep[0].predBackgroundShare)}% | ${pct(d.foregroundAccuracy, 2)}% (chance ${pct(1 / res[key].patchdis.classes.length, 2)}%) | ${d.mostPredicted[0].class} (${pct(d.mostPredicted[0].share)}%) | ${d.classText.meanPairwiseCosine.toFixed(3)} | ${pct(d.imageLevel.presentClassInTop5.share)}% (${pct(d.imageLevel.presentClassInTop5.imageBlind)}%; ${pct(d.imageLevel.presentClassInTop5.shuffled)}%; ${pct(d.imageLevel.presentClassInTop5Chance)}%) |`);
}
out();
out('Where the patches went (`lexvla eval patchdis`, default rule; shares of all patches; a class "the image has" labels one of its ground-truth patches):');
out();
out('| model | background: kept | background: a class the image has | background: a class it has not | objects: right | objects: background | objects: another class the image has | objects: a class it has not | background taken most by |');
out('|---|---|---|---|---|---|---|---|---|');
for (const [key, label] of [['lexvla', 'LexVLA-tiny'], ['clip', 'CLIP-tiny']]) {
  const e = res[key].patchdis.errors;
  const s = (n) => `${pct(n / e.patches)}%`;
  out(`| ${label} | ${s(e.background.kept)} | ${s(e.background.presentClass)} | ${s(e.background.absentClass)} | ${s(e.object.right)} | ${s(e.object.background)} | ${s(e.object.otherPresent)} | ${s(e.object.absent)} | ${e.backgroundTakers.slice(0, 3).map((t) => `${t.class} ${s(t.patches)}`).join(', ')} |`);
}
out();
out('Background-threshold sweep (diagnosis only; the headline uses the documented default rule):');
out();
out('| model | threshold → mIoU (%), predicted background (%) |');
out('|---|---|');
for (const [key, label] of [['lexvla', 'LexVLA-tiny'], ['clip', 'CLIP-tiny']]) {
  out(`| ${label} | ${res[key].diag.sweep.map((s) => `${s.threshold.toPrecision(3)} → ${pct(s.miou, 2)}, ${pct(s.predBackgroundShare, 0)}`).join('; ')} |`);
}
out();
{
  // Image grounding: src/lexical/grounding.ts through `lexvla eval grounding`, each share beside its baselines.
  const g = res.lexvla.grounding;
  out(`LexVLA-tiny lexical grounding (\`lexvla eval grounding\`, same set: ${g.images} images, ${g.pairs} (image, object) pairs from the boxes): an object is named when a word of its class name (the text lookup's pieces of 2+ characters; ${g.wordlessClasses.length} of ${g.classes} names have none) is among the image's top K global words. Image-blind: the better of a greedy fixed list of K words chosen on this set (a lower bound of the best fixed list) and the model's own K most frequent words, given to every image. Shuffled: each image scored with the next image's words. Strict: only the name's most specific word counts.`);
  out();
  out('| K | share | LexVLA-tiny | image-blind (greedy list / model\'s most frequent) | shuffled |');
  out('|---|---|---|---|---|');
  const shares = [['pairs', '(image, object) pairs named'], ['images', 'images with an object named'], ['strictPairs', 'pairs named, strict word'], ['strictImages', 'images named, strict word']];
  for (const at of g.atK) {
    for (const [key, label] of shares) {
      const s = at[key];
      out(`| ${at.k} | ${label} | ${pct(s.model)}% | ${pct(s.imageBlind)}% (${pct(s.fixedGreedy)}% / ${pct(s.fixedPrior)}%) | ${pct(s.shuffled)}% |`);
    }
  }
  out();
  out(`Fixed lists at K = ${g.atK[0].k}: greedy (pairs) ${g.atK[0].pairs.fixedGreedyWords.join(' ')}; the model's most frequent ${g.atK[0].priorWords.join(' ')}.`);
}
const ownText = res.lexvla.diag.classText.ownWordInTop10;
if (ownText !== null) {
  out();
  out(`LexVLA-tiny text side: a class name's own word is in the top 10 of its text vector for ${pct(ownText.share)}% of classes (the same 10 words for every name: ${pct(ownText.imageBlind)}%; each name scored with the next name's words: ${pct(ownText.shuffled)}%).`);
}
out();
{
  // The paper's Fig. 5: LexVLA-tiny's recall and mIoU when only its k strongest words are kept,
  // beside CLIP-tiny's dense figures (every dimension kept).
  const sw = res.lexvla.sweep;
  const c = res.clip;
  out(`Recall and PatchDis against sparsity (\`lexvla sweep\`, the paper's Fig. 5): LexVLA-tiny keeping only its k strongest words per image, caption and patch (values must also pass 1/√V); CLIP-tiny dense (D = 256, every dimension) as the reference line.`);
  out();
  out('| words kept (k) | LexVLA-tiny I→T R@1 / R@5 (%) | T→I R@1 / R@5 (%) | PatchDis mIoU (%) |');
  out('|---|---|---|---|');
  for (const r of sw.rows) out(`| ${r.value} | ${pct(r.i2t[1])} / ${pct(r.i2t[5])} | ${pct(r.t2i[1])} / ${pct(r.t2i[5])} | ${r.miou === null ? '–' : pct(r.miou, 2)} |`);
  out(`| all (uncapped) | ${pct(res.lexvla.retrieval.i2t[1])} / ${pct(res.lexvla.retrieval.i2t[5])} | ${pct(res.lexvla.retrieval.t2i[1])} / ${pct(res.lexvla.retrieval.t2i[5])} | ${pct(res.lexvla.patchdis.miou, 2)} |`);
  out(`| CLIP-tiny, dense | ${pct(c.retrieval.i2t[1])} / ${pct(c.retrieval.i2t[5])} | ${pct(c.retrieval.t2i[1])} / ${pct(c.retrieval.t2i[5])} | ${pct(c.patchdis.miou, 2)} |`);
  out();
}
if (!haveAblations) {
  out(`Overuse vs FLOPs ablation: skipped, runs/${ABLATIONS[0][1]} or runs/${ABLATIONS[1][1]} has no model.pt (train/scripts/ablations.sh r3base r3flops makes them).`);
} else {
  const o = res.ablations[0].overuse;
  out(`Overuse vs FLOPs penalty: the same short recipe trained twice, once with each penalty on the image vectors (${ABLATIONS.map(([, n]) => `runs/${n}, ${steps(n)} steps`).join('; ')}). Image global vectors, value > 1/√V = ${o.rule.threshold.toPrecision(3)}, no top-k cap; "grounded" = the ${o.groundedWords} vocabulary words whose token occurs in the set's ${o.texts} captions and class names; a word-blind model would put ${pct(o.chanceUngroundedShare)}% of its mass on the rest.`);
  out();
  out('| penalty | run | avg active words (min–max) | ungrounded share of active mass | "the" / "of" / "a" active on | I→T / T→I R@1 (%) | top words by mean activation | top words by document frequency (df) |');
  out('|---|---|---|---|---|---|---|---|');
  for (const a of res.ablations) {
    const r = a.overuse;
    const words = (ws, k) => ws.slice(0, 6).map((w) => `${w.grounded ? `**${w.word}**` : w.word} ${k(w)}`).join(', ');
    const fn = r.functionWords.map((w) => `${pct(w.df, 0)}%`).join(' / ');
    out(`| ${a.label} | ${a.name} (${steps(a.name)} steps) | ${r.activeWords.toFixed(0)} (${r.activeWordsMin}–${r.activeWordsMax}) | ${pct(r.ungroundedShare)}% | ${fn} | ${pct(a.retrieval.i2t[1])} / ${pct(a.retrieval.t2i[1])} | ${words(r.topByMean, (w) => w.mean.toFixed(4))} | ${words(r.topByDf, (w) => `${pct(w.df, 0)}%`)} |`);
  }
  out();
  out('Bold = grounded words.');
}
const md = lines.join('\n') + '\n';
writeFileSync(join(ROOT, REPORT, 'tables.md'), md);
process.stdout.write(md);
