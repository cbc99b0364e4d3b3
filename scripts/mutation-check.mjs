#!/usr/bin/env node
/**
 * Tests that can fail: each row of MUTANTS breaks the code under a test on purpose (a constant
 * encoder, a reversed ranking, ids shifted by one, gradients left unaveraged) and requires that
 * test to go red. A test that passes whatever the code does guards nothing; this is the check
 * that catches one.
 *
 * Everything runs in a temporary copy of the working tree (the files git tracks or would track,
 * with node_modules and .venv linked in); the checkout itself is only read, so an interrupted run
 * leaves no mutant behind. Each test runs there unmutated first and must pass, having run at
 * least one test, so that a broken environment or a mistyped test name is not taken for a kill.
 * A row's `find` must occur exactly once in its file: when code moves, the table fails loudly
 * instead of silently mutating nothing.
 *
 *   node scripts/mutation-check.mjs            every mutant; exit 1 if one survives (npm run test:mutants)
 *   node scripts/mutation-check.mjs export     only mutants whose name contains "export"
 *   node scripts/mutation-check.mjs --list     the table
 *   node scripts/mutation-check.mjs --verbose  also why each killed mutant's test went red
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** One test run's limit; a run killed by it counts as red (a mutant that hangs is caught). */
const TIMEOUT_MS = 300_000;

/** `name`: a single test (vitest -t), so the row proves that this test, not a neighbour, is the one that catches it. */
const vitest = (file, name) => ['npx', 'vitest', 'run', file, ...(name ? ['-t', name] : [])];
/** `test`: a pytest node id (file::test[param]); not -k, which also matches the module's name. */
const pytest = (test) => ['.venv/bin/python', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', test];

const CLI_RECALL = vitest('cli/cli.test.ts', 'retrieval --json gives recall in both directions');
const SHARED_RECALL = vitest('cli/retrieval.test.ts', 'prints the recall of the shared evaluateRetrieval');
const EXPORT = vitest('src/retrieval/export');
const PLACE = vitest('src/views/cloud/place.test.ts', 'places the first word near the middle');
const COLOUR = vitest('src/views/heatmap/colorScale.test.ts');
const ROUNDING_EDGE = vitest('src/lexical/word-list.test.ts', 'lists and counts as the normalised vector stored in a Float32Array does');
const REGIONS = vitest('src/lexical/region-sweep.test.ts', 'bit-identical to pooled over its patches');
const DDP = pytest('train/tests/test_realscale_ddp.py::test_torchrun_two_ranks_match_one_process[ddp]');
const FSDP = pytest('train/tests/test_realscale_ddp.py::test_torchrun_two_ranks_match_one_process[fsdp]');

const SAME = '{ indices: Uint32Array.of(0), values: Float32Array.of(1) }';
const ENCODER = 'src/model/retrieval-encoder.ts';
const IMAGE_VECTOR = 'return imageRetrievalVector(engine, image);';
const TEXT_VECTOR = 'return textRetrievalVector(await model.encode(text, engine.sparsifyRule));';
const START = 'const x0 = (W * (this.random() + 0.5)) >> 1;\n    const y0 = (H * (this.random() + 0.5)) >> 1;';
const SCALE = 'return scaleSequential(interpolateInferno).domain([min, hi]);';
const REDUCE = 'dist.all_reduce(p.grad)\n            p.grad /= world';

/** @type {Array<{ name: string, file: string, find: string, replace: string, test: string[] }>} */
const MUTANTS = [
  { name: 'constant image encoder, CLI recall', file: ENCODER, find: IMAGE_VECTOR, replace: `return ${SAME};`, test: CLI_RECALL },
  { name: 'constant text encoder, CLI recall', file: ENCODER, find: TEXT_VECTOR, replace: `return ${SAME};`, test: CLI_RECALL },
  { name: 'constant image encoder, shared recall', file: ENCODER, find: IMAGE_VECTOR, replace: `return ${SAME};`, test: SHARED_RECALL },
  { name: 'constant text encoder, shared recall', file: ENCODER, find: TEXT_VECTOR, replace: `return ${SAME};`, test: SHARED_RECALL },
  {
    name: 'inverted index: hits in reverse order',
    file: 'src/retrieval/inverted-index.ts',
    find: 'const hits = toHits(scores, ids, k);',
    replace: 'const hits = toHits(scores, ids, k).reverse();',
    test: CLI_RECALL,
  },
  {
    name: "inverted index: each score credited to the next document",
    file: 'src/retrieval/inverted-index.ts',
    find: 'scores[slots[e]] += qv * values[e];',
    replace: 'scores[(slots[e] + 1) % scores.length] += qv * values[e];',
    test: SHARED_RECALL,
  },
  {
    name: 'recall: image->text ranking reversed',
    file: 'src/retrieval/recall.ts',
    find: 'const ranked = searchCaptions(v, maxK);',
    replace: 'const ranked = searchCaptions(v, maxK).reverse();',
    test: SHARED_RECALL,
  },
  {
    name: 'recall: text->image ranking reversed',
    file: 'src/retrieval/recall.ts',
    find: 'searchImages(v, maxK).indexOf(',
    replace: 'searchImages(v, maxK).reverse().indexOf(',
    test: SHARED_RECALL,
  },
  {
    name: 'CLI: prints the two directions swapped',
    file: 'cli/eval.ts',
    find: 'textMode: text.mode, ...r }',
    replace: 'textMode: text.mode, ...r, i2t: r.t2i, t2i: r.i2t }',
    test: SHARED_RECALL,
  },
  {
    name: 'export: word indices and weights paired wrongly',
    file: 'src/retrieval/export/tokens.ts',
    find: 'entries.push([v.indices[i], f32(value)]);',
    replace: 'entries.push([v.indices[i], f32(v.values[(i + 1) % v.indices.length])]);',
    test: EXPORT,
  },
  {
    name: 'export: Qdrant values in another order than their indices',
    file: 'src/retrieval/export/index.ts',
    find: 'values: entries.map((e) => e[1])',
    replace: 'values: entries.map((e) => e[1]).reverse()',
    test: EXPORT,
  },
  {
    name: 'export: bulk action ids shifted by one document',
    file: 'src/retrieval/export/index.ts',
    find: 'lines.push(json({ index: { _index: index, _id: d.id } }));',
    replace: 'lines.push(json({ index: { _index: index, _id: docs[(docs.indexOf(d) + 1) % docs.length].id } }));',
    test: EXPORT,
  },
  {
    name: 'export: Qdrant point ids shifted by one document',
    file: 'src/retrieval/export/index.ts',
    find: 'id: pointId(d.id),',
    replace: 'id: pointId(docs[(docs.indexOf(d) + 1) % docs.length].id),',
    test: EXPORT,
  },
  {
    name: 'export: feature names shifted by one word',
    file: 'src/retrieval/export/index.ts',
    find: 'features[keys[j]] = v;',
    replace: 'features[keys[(j + 1) % keys.length]] = v;',
    test: EXPORT,
  },
  {
    name: 'word cloud: spiral starts at the top-left corner',
    file: 'src/views/cloud/place.ts',
    find: START,
    replace: 'const x0 = (W * this.random() * 0) >> 1;\n    const y0 = (H * this.random() * 0) >> 1;',
    test: PLACE,
  },
  {
    name: 'word cloud: spiral starts anywhere, not in the middle half',
    file: 'src/views/cloud/place.ts',
    find: START,
    replace: 'const x0 = (W * 2 * this.random()) >> 1;\n    const y0 = (H * 2 * this.random()) >> 1;',
    test: PLACE,
  },
  {
    name: 'word cloud: start drawn off-centre (a tenth to the right)',
    file: 'src/views/cloud/place.ts',
    find: 'const x0 = (W * (this.random() + 0.5)) >> 1;',
    replace: 'const x0 = (W * (this.random() + 0.7)) >> 1;',
    test: PLACE,
  },
  {
    name: 'word lists: a score equal to the least survivor not counted',
    file: 'src/lexical/top-words.ts',
    find: 'count += +(v >= least);',
    replace: 'count += +(v > least);',
    test: ROUNDING_EDGE,
  },
  {
    name: "word lists: a region's strip not carried from the column before",
    file: 'src/lexical/region-sweep.ts',
    find: "const [prev, prevAt] = c === col ? [none, 0] : [strip, (c < col ? c + 1 : c - 1) * V];",
    replace: 'const [prev, prevAt] = [none, 0];',
    test: REGIONS,
  },
  { name: 'heatmap: one colour for every score', file: 'src/views/heatmap/colorScale.ts', find: SCALE, replace: "return () => '#bc3754';", test: COLOUR },
  {
    name: 'heatmap: scale reversed',
    file: 'src/views/heatmap/colorScale.ts',
    find: SCALE,
    replace: 'return scaleSequential(interpolateInferno).domain([hi, min]);',
    test: COLOUR,
  },
  {
    name: 'DDP: no gradient all-reduce (ranks start equal, then train alone)',
    file: 'train/lexvla/realscale/distributed.py',
    find: 'return nn.parallel.DistributedDataParallel(model, device_ids=ids, broadcast_buffers=False)',
    replace: 'sync_replicated(model)\n    return model',
    test: DDP,
  },
  {
    name: "DDP: loss not scaled by the world size (DDP's average left as is)",
    file: 'train/lexvla/realscale/gather.py',
    find: 'return float(world())',
    replace: 'return 1.0',
    test: DDP,
  },
  { name: "FSDP: replicated side's gradients summed, not averaged", file: 'train/lexvla/realscale/distributed.py', find: REDUCE, replace: 'dist.all_reduce(p.grad)', test: FSDP },
  { name: "FSDP: replicated side's gradients not reduced", file: 'train/lexvla/realscale/distributed.py', find: REDUCE, replace: 'pass', test: FSDP },
];

/** Every row's snippet, checked in the checkout before anything runs. -> problems, one line each. */
function checkTable(rows) {
  const problems = [];
  for (const m of rows) {
    const path = join(ROOT, m.file);
    if (!existsSync(path)) {
      problems.push(`${m.file}: file not found (mutant "${m.name}"); update MUTANTS in scripts/mutation-check.mjs`);
      continue;
    }
    const count = readFileSync(path, 'utf8').split(m.find).length - 1;
    if (count !== 1) {
      problems.push(`${m.file}: snippet ${JSON.stringify(m.find)} occurs ${count} times, expected exactly once (mutant "${m.name}"); update MUTANTS in scripts/mutation-check.mjs`);
    }
    if (m.find === m.replace) problems.push(`mutant "${m.name}": replace equals find, so nothing would change`);
  }
  return problems;
}

/** A copy of the working tree's files in a new temporary folder, node_modules and .venv linked. */
function copyTree(dir) {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (git.status !== 0) throw new Error(`git ls-files failed in ${ROOT}: ${git.stderr}`);
  for (const rel of new Set(git.stdout.split('\0').filter(Boolean))) {
    const from = join(ROOT, rel);
    if (!existsSync(from) && !isLink(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    cpSync(from, join(dir, rel), { verbatimSymlinks: true });
  }
  for (const shared of ['node_modules', '.venv']) {
    if (existsSync(join(ROOT, shared))) symlinkSync(realpathSync(join(ROOT, shared)), join(dir, shared));
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The test run in progress: killed with its whole process group (torchrun's ranks, Vitest's workers) on Ctrl-C. */
let current = null;

/** -> { ok, timedOut, seconds, output } for one test command run in `dir`. */
function runTest(dir, test) {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(test[0], test.slice(1), {
      cwd: dir,
      detached: true, // its own process group: a timeout or Ctrl-C here ends every process it started
      stdio: ['ignore', 'pipe', 'pipe'],
      // PYTHONPATH as scripts/test-python.sh sets it, for the copy; harmless to the Node tests.
      env: { ...process.env, PYTHONPATH: `${join(dir, 'train')}:${join(dir, 'data')}`, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '2', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    current = child;
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      current = null;
      fail(new Error(`mutation-check: cannot start ${test.join(' ')}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      current = null;
      done({ ok: code === 0 && !timedOut, timedOut, seconds: (performance.now() - started) / 1000, output });
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A run that passed must have run a test: Vitest exits 0 when -t matches nothing, pytest (-k) 5. */
const ranSomething = (output) => /\b[1-9]\d* passed\b/.test(output);

const tail = (text, lines = 30) => text.trimEnd().split('\n').slice(-lines).map((l) => `    | ${l}`).join('\n');

/** Why a test went red: its failure and error lines (Vitest's FAIL/AssertionError, pytest's E lines), else its end. */
function why(text) {
  const lines = [...new Set(text.split('\n').filter((l) => /^\s*(FAIL\b|E\s)|Error\b/.test(l)))].slice(0, 8);
  return lines.length > 0 ? lines.map((l) => `    | ${l.trim()}`).join('\n') : tail(text, 12);
}

function table(results) {
  const head = ['mutant', 'test', 'result', 'seconds'];
  const rows = results.map((r) => [r.name, r.test, r.result, r.seconds.toFixed(1)]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 3 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The test as the table shows it: file or node id, and the Vitest test name in brackets. */
function testLabel(test) {
  const file = test.find((a) => /\.(test\.ts|py)\b/.test(a) || a.startsWith('src/'));
  const t = test.indexOf('-t');
  return t >= 0 ? `${file} [${test[t + 1]}]` : file;
}

async function main(argv, dir) {
  if (argv.includes('--list')) {
    for (const m of MUTANTS) console.log(`${m.name}\n    ${m.file}: ${JSON.stringify(m.find)} -> ${JSON.stringify(m.replace)}\n    ${m.test.join(' ')}`);
    return 0;
  }
  const verbose = argv.includes('--verbose');
  const filters = argv.filter((a) => !a.startsWith('--'));
  const rows = filters.length === 0 ? MUTANTS : MUTANTS.filter((m) => filters.some((f) => m.name.includes(f)));
  if (rows.length === 0) {
    console.error(`mutation-check: no mutant's name contains ${filters.map((f) => JSON.stringify(f)).join(' or ')}; --list shows the names`);
    return 2;
  }
  const problems = checkTable(rows);
  if (problems.length > 0) {
    for (const p of problems) console.error(`mutation-check: ${p}`);
    return 1;
  }
  const started = performance.now();
  copyTree(dir);
  // Each distinct test once, unmutated: it must pass here, or a kill would prove nothing.
  const tests = [...new Map(rows.map((m) => [m.test.join(' '), m.test])).values()];
  let broken = 0;
  for (const test of tests) {
    const r = await runTest(dir, test);
    const ok = r.ok && ranSomething(r.output);
    console.log(`${ok ? 'passes' : 'FAILS '} ${r.seconds.toFixed(1).padStart(6)} s  unmutated: ${test.join(' ')}`);
    if (!ok) {
      const reason = r.timedOut ? ' (timed out)' : r.ok ? ' (no test ran: does the name still match?)' : '';
      console.error(`mutation-check: the test fails without a mutant${reason}; fix it or the environment first:\n${tail(r.output)}`);
      broken++;
    }
  }
  if (broken > 0) return 1;
  const results = [];
  for (const m of rows) {
    const path = join(dir, m.file);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace(m.find, () => m.replace));
    let r;
    try {
      r = await runTest(dir, m.test);
    } finally {
      writeFileSync(path, original);
    }
    const result = r.ok ? 'SURVIVED' : r.timedOut ? 'killed (timed out)' : 'killed';
    results.push({ name: m.name, test: testLabel(m.test), result, seconds: r.seconds });
    console.log(`${result.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)} s  ${m.name}`);
    if (!r.ok && verbose) console.log(why(r.output));
  }
  const survived = results.filter((r) => r.result === 'SURVIVED').length;
  console.log(`\n${table(results)}\n`);
  const total = `${((performance.now() - started) / 1000).toFixed(0)} s in all`;
  console.log(
    survived === 0
      ? `mutation-check: ${results.length} of ${results.length} mutants killed (${total})`
      : `mutation-check: ${survived} of ${results.length} mutants SURVIVED: their tests cannot see the bug; strengthen them (${total})`,
  );
  return survived === 0 ? 0 : 1;
}

const dir = mkdtempSync(join(tmpdir(), 'lexvla-mutants-'));
const cleanUp = () => rmSync(dir, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (current) killGroup(current);
    cleanUp();
    console.error(`\nmutation-check: stopped (${signal}); the checkout was never modified`);
    process.exit(130);
  });
}
try {
  process.exitCode = await main(process.argv.slice(2), dir);
} finally {
  cleanUp();
}
