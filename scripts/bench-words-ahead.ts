/**
 * Words ahead of the pointer, in Node: every patch's list and every region's of a drag
 * (src/lexical/region-sweep.ts, src/lexical/top-words.ts, what the worker's `wordsAhead` runs),
 * against the same modules at BASELINE_COMMIT (read from git), in the same process, alternated,
 * on seeded ELU1p-like scores of the paper's shape (16 x 16 patches, V = 19,545) and of
 * lexvla-tiny's (8 x 8). Checks that both give the same lists, then prints the median time of a
 * batch (every patch, or every region of one anchor) and the ratio.
 *
 *   npx tsx scripts/bench-words-ahead.ts [--rounds 5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PatchScores } from '../src/lexical/patch-scores';
import * as sweep from '../src/lexical/region-sweep';
import * as top from '../src/lexical/top-words';
import { mulberry32 } from '../src/util/prng';

/** The last commit before one pass per region and branch-free counting. */
const BASELINE_COMMIT = '4c589dc';
const TOP_N = 40;
/** The shipped bundles' rule (manifest `sparsify`). */
const RULE = { threshold: 0.007152900150127037, topK: null };

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 5);

type Vectors = Generator<[number, Float32Array, number, number?], void, undefined>;
interface Modules {
  patchVectors(ps: PatchScores): Vectors;
  anchoredRegions(ps: PatchScores, row: number, col: number): Vectors;
  topEntries: typeof top.topEntries;
  l2Scale: typeof top.l2Scale;
}

/** The baseline's two modules, written next to each other with their import of patch-scores pointed at this tree's. */
async function baseline(): Promise<Modules> {
  const dir = mkdtempSync(join(tmpdir(), 'words-ahead-baseline-'));
  const read = (path: string) => {
    try {
      return execFileSync('git', ['show', `${BASELINE_COMMIT}:${path}`], { encoding: 'utf8' });
    } catch {
      throw new Error(`the baseline is ${path} at commit ${BASELINE_COMMIT}; run this in a clone with that commit (git fetch --unshallow)`);
    }
  };
  const scoresModule = pathToFileURL(resolve('src/lexical/patch-scores.ts')).href;
  writeFileSync(join(dir, 'top-words.ts'), read('src/lexical/top-words.ts'));
  writeFileSync(join(dir, 'region-sweep.ts'), read('src/lexical/region-sweep.ts').replace("'./patch-scores'", `'${scoresModule}'`));
  return {
    ...((await import(pathToFileURL(join(dir, 'region-sweep.ts')).href)) as Pick<Modules, 'patchVectors' | 'anchoredRegions'>),
    ...((await import(pathToFileURL(join(dir, 'top-words.ts')).href)) as Pick<Modules, 'topEntries' | 'l2Scale'>),
  };
}

/** Every list of one batch: each patch's (anchor null) or each region's with a corner at `anchor`. */
function batch(m: Modules, ps: PatchScores, anchor: number | null): top.TopEntries[] {
  const cols = ps.grid[1];
  const vectors = anchor === null ? m.patchVectors(ps) : m.anchoredRegions(ps, Math.floor(anchor / cols), anchor % cols);
  const lists: top.TopEntries[] = [];
  // The baseline's vectors come without their scale.
  for (const [p, raw, offset, scale] of vectors) lists[p] = m.topEntries(raw, offset, ps.vocab, scale ?? m.l2Scale(raw, offset, ps.vocab), RULE, TOP_N);
  return lists;
}

/** ELU1p outputs of a random model: positive, about half of them above 1. */
function scores(rows: number, cols: number, vocab: number, seed: number): PatchScores {
  const rand = mulberry32(seed);
  const data = new Float32Array(rows * cols * vocab);
  for (let i = 0; i < data.length; i++) {
    const x = 2 * rand() - 1;
    data[i] = x > 0 ? x + 1 : Math.exp(x);
  }
  return new PatchScores(data, rows * cols, vocab, [rows, cols]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ours: Modules = { ...sweep, ...top };
const before = await baseline();
console.log(`Words ahead, top ${TOP_N} under threshold ${RULE.threshold}, Node ${process.versions.node}, median of ${rounds} alternated rounds:`);
for (const [name, rows, cols, vocab] of [['paper-shaped', 16, 16, 19_545], ['lexvla-tiny-shaped', 8, 8, 19_545]] as const) {
  const ps = scores(rows, cols, vocab, 1);
  const anchors = [null, 0, Math.floor(rows / 2) * cols + Math.floor(cols / 2)];
  for (const anchor of anchors) {
    if (JSON.stringify(batch(ours, ps, anchor)) !== JSON.stringify(batch(before, ps, anchor))) {
      throw new Error(`${name}, anchor ${anchor}: this tree's lists differ from ${BASELINE_COMMIT}'s`);
    }
    const t = { ours: [] as number[], before: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      for (const [key, m] of [['ours', ours], ['before', before]] as const) {
        const t0 = performance.now();
        batch(m, ps, anchor);
        t[key].push(performance.now() - t0);
      }
    }
    const [a, b] = [median(t.ours), median(t.before)];
    const what = anchor === null ? `${rows * cols} patches` : `${rows * cols} regions, anchor ${anchor}`;
    console.log(`  ${name} (${rows} x ${cols} x ${vocab}), ${what}: ${a.toFixed(1)} ms against ${b.toFixed(1)} ms at ${BASELINE_COMMIT} (${(b / a).toFixed(2)}x)`);
  }
}
