#!/usr/bin/env node
// The evaluation report of issue 3 §6, every number from one run of this script:
//   node scripts/report.mjs            (about 5 minutes on 2 CPU cores)
// 1. writes the held-out set: EmojiScenes 'test', 300 scenes, seed 0 -> out/evalset-test/
// 2. exports runs/lexvla-tiny-flops (the FLOPs-penalty ablation; runs/ is not in git) ->
//    out/bundles/lexvla-tiny-flops/ (skipped, with a note, when the checkpoint is absent)
// 3. runs `lexvla eval retrieval|patchdis|overuse` and scripts/patchdis-diagnose.ts on
//    public/models/lexvla-tiny and public/models/clip-tiny (and the FLOPs bundle for overuse)
// 4. prints the markdown tables of docs/results.md; the raw JSON stays in out/report/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const PY = '/usr/bin/python3'; // Debian's, with torch (docs/training.md)
const SET = 'out/evalset-test';
const REPORT = 'out/report';
const LEX = 'public/models/lexvla-tiny';
const CLIP = 'public/models/clip-tiny';
const FLOPS_RUN = 'runs/lexvla-tiny-flops';
const FLOPS = 'out/bundles/lexvla-tiny-flops';
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
const haveFlops = existsSync(join(ROOT, FLOPS_RUN, 'model.pt'));
if (haveFlops) {
  // --gallery 0: no gallery; --no-golden keeps train/golden/ as is.
  run(PY, ['-m', 'lexvla.export', '--ckpt', FLOPS_RUN, '--out', FLOPS, '--fp16', '--gallery', '0', '--eval', '0', '--no-golden']);
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
if (haveFlops) res.flops = { overuse: lexvla('flops-overuse', 'eval', 'overuse', FLOPS, SET) };

const pct = (x, d = 1) => (100 * x).toFixed(d);
const runCfg = (name) => {
  const p = join(ROOT, 'runs', name, 'config.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
};
const steps = (name) => runCfg(name)?.steps_done ?? '?';
const training = (name) => {
  const c = runCfg(name);
  if (!c) return '?';
  return `${c.steps_done} steps × ${c.train.batch}, ${(c.train_seconds / 60).toFixed(0)} min on ${c.device === 'cpu' ? 'the 2-core CPU' : c.device}`;
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
    ? `${r.overuse.activeWords.toFixed(0)} (values > 1/√V, uncapped)`
    : 'dense, D = 256';
  out(`| ${label} | ${training(run)} | ${pct(r.patchdis.miou, 2)} | ${rk('i2t')} | ${rk('t2i')} | ${active} |`);
}
out();
out('PatchDis diagnosis (scripts/patchdis-diagnose.ts, same set):');
out();
out('| model | GT background patches | predicted background (default rule) | foreground accuracy (argmax, no background rule) | most-predicted class (share of patches) | class text vectors: mean pairwise cosine | present class in image-level top 5 |');
out('|---|---|---|---|---|---|---|');
for (const [key, label] of [['lexvla', 'LexVLA-tiny'], ['clip', 'CLIP-tiny']]) {
  const d = res[key].diag;
  out(`| ${label} | ${pct(d.gtBackgroundShare)}% | ${pct(d.sweep[0].predBackgroundShare)}% | ${pct(d.foregroundAccuracy, 2)}% (chance ${pct(1 / res[key].patchdis.classes.length, 2)}%) | ${d.mostPredicted[0].class} (${pct(d.mostPredicted[0].share)}%) | ${d.classText.meanPairwiseCosine.toFixed(3)} | ${pct(d.imageLevel.presentClassInTop5)}% (chance ${pct(d.imageLevel.presentClassInTop5Chance)}%) |`);
}
out();
out('Background-threshold sweep (diagnosis only; the headline uses the documented default rule):');
out();
out('| model | threshold → mIoU (%), predicted background (%) |');
out('|---|---|');
for (const [key, label] of [['lexvla', 'LexVLA-tiny'], ['clip', 'CLIP-tiny']]) {
  out(`| ${label} | ${res[key].diag.sweep.map((s) => `${s.threshold.toPrecision(3)} → ${pct(s.miou, 2)}, ${pct(s.predBackgroundShare, 0)}`).join('; ')} |`);
}
if (res.lexvla.diag.classText.ownWordInTop10 !== null) {
  out();
  out(`LexVLA-tiny lexical grounding: a class name's own word is in the top 10 of its text vector for ${pct(res.lexvla.diag.classText.ownWordInTop10)}% of classes; a present class's word is in an image's global top 20 for ${pct(res.lexvla.diag.imageLevel.presentClassWordInGlobalTop20)}% of images.`);
}
out();
if (!haveFlops) {
  out(`Overuse vs FLOPs ablation: skipped, ${FLOPS_RUN}/model.pt is absent (runs/ is not in git).`);
} else {
  const o = res.lexvla.overuse;
  const f = res.flops.overuse;
  out(`Overuse vs FLOPs penalty (image global vectors, value > 1/√V = ${o.rule.threshold.toPrecision(3)}, no top-k cap; "grounded" = the ${o.groundedWords} vocabulary words whose token occurs in the set's ${o.texts} captions and class names; a word-blind model would put ${pct(o.chanceUngroundedShare)}% of its mass on the rest):`);
  out();
  out('| penalty | run | avg active words (min–max) | ungrounded share of active mass | ungrounded active words | mean df of a word | top words by mean activation | top words by document frequency (df) |');
  out('|---|---|---|---|---|---|---|---|');
  for (const [label, run, r] of [['overuse', 'lexvla-tiny', o], ['FLOPs', 'lexvla-tiny-flops', f]]) {
    const words = (ws, k) => ws.slice(0, 6).map((w) => `${w.grounded ? `**${w.word}**` : w.word} ${k(w)}`).join(', ');
    const vocab = r.groundedWords / (1 - r.chanceUngroundedShare); // V; mean df of a word = active / V
    out(`| ${label} | ${run} (${steps(run)} steps) | ${r.activeWords.toFixed(0)} (${r.activeWordsMin}–${r.activeWordsMax}) | ${pct(r.ungroundedShare)}% | ${r.activeUngrounded.toFixed(0)} | ${pct(r.activeWords / vocab, 1)}% | ${words(r.topByMean, (w) => w.mean.toFixed(4))} | ${words(r.topByDf, (w) => `${pct(w.df, 0)}%`)} |`);
  }
  out();
  out('Bold = grounded words.');
}
const md = lines.join('\n') + '\n';
writeFileSync(join(ROOT, REPORT, 'tables.md'), md);
process.stdout.write(md);
