/**
 * Smoke tests of the benchmark commands: `lexvla bench`, `lexvla bench-load` and `lexvla bench-variants` run briefly
 * against the build the other tests use, finish, and print their report in its format with
 * figures that exist and add up. They do not check speed: what the figures should be is in
 * docs/benchmarks.md, measured by the full commands.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = new URL('../', import.meta.url).pathname;
const DIST = process.env.E2E_DIST ?? 'dist';

function lexvla(...args: string[]): string {
  return execFileSync('node', ['cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
}

/** The one JSON line a bench command ends its report with. */
function report(out: string): Record<string, unknown> {
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

test('smoke: lexvla bench against a baseline reports fixed costs, hovers and drag steps against their targets, with ratios', () => {
  const args = ['--bundle', '/models/color-fixture/', '--runs', '1', '--warmup', '0', '--pause', '0', '--hovers', '3', '--drags', '1', '--steps', '2', '--rest', '0'];
  const out = lexvla('bench', ...args, '--dist', DIST, '--baseline-dist', DIST, '--rounds', '1');
  expect(out).toContain(`this build (${DIST}) against the baseline (${DIST}): 1 rounds, builds alternating`);
  for (const format of ['PNG', 'JPEG']) {
    expect(out).toMatch(new RegExp(`^image -> words, fixed cost, ${format}, median +<= 30\\.0 +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d\\d +(met|NOT met)$`, 'm'));
  }
  expect(out).toMatch(/^hover -> patch cloud painted, p95 +<= 16\.0 +\d+\.\d +\d+\.\d +\d+\.\d\d +(met|NOT met)$/m);
  expect(out).toMatch(/^drag step -> region cloud painted, p95 +<= 16\.0 +\d+\.\d +\d+\.\d +\d+\.\d\d +(met|NOT met)$/m);
  type Figures = { images: Record<string, { runs: number; medianMs: Record<string, number>; fixed: { median: number } }>; hover: { n: number }; region: { n: number } };
  const r = report(out) as { build: { figures: Figures }; baseline: { figures: Figures } };
  for (const b of [r.build, r.baseline]) {
    expect(Object.keys(b.figures.images).sort()).toEqual(['jpeg', 'png']);
    const png = b.figures.images.png;
    expect(png.runs).toBe(1);
    expect(png.medianMs.inference).toBeGreaterThan(0);
    // The fixed cost is what the image cost besides inference.
    expect(png.fixed.median).toBeCloseTo(png.medianMs.total - png.medianMs.inference, 6);
    expect(b.figures.hover.n).toBe(3);
    expect(b.figures.region.n).toBe(2);
  }
});

test('smoke: lexvla bench-load runs and reports first-visit and reload times per build', () => {
  const out = lexvla('bench-load', '--bundle', '/models/color-fixture/', '--dist', DIST, '--runs', '1');
  expect(out).toMatch(new RegExp(`^  ${DIST}: first visit \\d+ \\[\\d+-\\d+\\] \\(x1\\.00\\), reload \\d+ \\[\\d+-\\d+\\] \\(x1\\.00\\)$`, 'm'));
  const r = report(out) as { builds: { dist: string; first: number[]; repeat: number[] }[] };
  expect(r.builds.map((b) => b.dist)).toEqual([DIST]);
  expect(r.builds[0].first[0]).toBeGreaterThan(0);
  expect(r.builds[0].repeat[0]).toBeGreaterThan(0);
});

test('smoke: lexvla bench-variants runs both graphs of a bundle and compares their words', () => {
  // The colour gallery fixture with a "variant" that is a copy of its vision graph: every figure
  // of the comparison must then be a full match.
  const name = `variant-smoke-${process.pid}`;
  const models = resolve(ROOT, DIST, 'models'); // E2E_DIST may be absolute
  const dir = join(models, name);
  cpSync(join(models, 'color-gallery-fixture'), dir, { recursive: true });
  try {
    const graph = readFileSync(join(dir, 'vision.onnx'));
    writeFileSync(join(dir, 'vision.copy.onnx'), graph);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.vision.variants = [{ name: 'copy', file: 'vision.copy.onnx', weights: 'fp32' }];
    m.files.push({ path: 'vision.copy.onnx', bytes: graph.length, sha256: createHash('sha256').update(graph).digest('hex') });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const out = lexvla('bench-variants', '--bundle', `/models/${name}/`, '--dist', DIST, '--rounds', '1', '--runs', '1', '--warmup', '0', '--images', '2');
    expect(out).toMatch(/^copy: global top-20 words over 2 images: 100\.0% of positions the same \(target >= 95\.0%: met\), 100\.0% the same words in any order, 2 identical lists$/m);
    expect(out).toMatch(/^copy: PatchDis labels: 100\.0% of 512 patches the same \(target >= 98\.0%: met\)$/m);
    expect(out).toMatch(/^exact: peak memory \d\.\d\d GB \(target <= 1\.50 GB: (met|NOT met)\); MB by process at the peak: .*renderer \d+/m);
    const r = report(out) as { summary: { name: string; images: number; inferenceMedianMs: number; peakBytes: number }[] };
    expect(r.summary.map((x) => [x.name, x.images])).toEqual([['exact', 1], ['copy', 1]]);
    for (const x of r.summary) expect(x.inferenceMedianMs > 0 && x.peakBytes > 0).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
