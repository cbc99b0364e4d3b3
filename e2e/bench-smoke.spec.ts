/**
 * Smoke tests of the benchmark commands: `lexvla bench` and `lexvla bench-load` run briefly
 * against the build the other tests use, finish, and print their report in its format with
 * figures that exist and add up. They do not check speed: what the figures should be is in
 * docs/benchmarks.md, measured by the full commands.
 */
import { execFileSync } from 'node:child_process';
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
