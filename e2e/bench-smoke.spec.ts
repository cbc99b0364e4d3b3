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

test('smoke: lexvla bench runs and reports image stages that add up, and hover figures', () => {
  const out = lexvla('bench', '--bundle', '/models/color-fixture/', '--dist', DIST, '--runs', '2', '--warmup', '0', '--hovers', '3');
  expect(out).toContain('Image chosen -> global cloud painted (median of 2 runs, ms), /models/color-fixture/, WASM:');
  expect(out).toMatch(/^hover -> patch cloud painted \(3 hovers\): median \d+\.\d ms, p95 \d+\.\d ms/m);
  const r = report(out) as { medianMs: Record<string, number>; first: { total: number; worker: Record<string, number> } };
  expect(r.medianMs.inference).toBeGreaterThan(0);
  expect(r.medianMs.layout).toBeGreaterThan(0);
  // The first image's stages are parts of its total.
  const w = r.first.worker;
  expect(w.decode + w.preprocess + w.inference + w.postprocess).toBeLessThan(r.first.total);
});

test('smoke: lexvla bench-load runs and reports first-visit and reload times per build', () => {
  const out = lexvla('bench-load', '--bundle', '/models/color-fixture/', '--dist', DIST, '--runs', '1');
  expect(out).toMatch(new RegExp(`^  ${DIST}: first visit \\d+ \\[\\d+-\\d+\\] \\(x1\\.00\\), reload \\d+ \\[\\d+-\\d+\\] \\(x1\\.00\\)$`, 'm'));
  const r = report(out) as { builds: { dist: string; first: number[]; repeat: number[] }[] };
  expect(r.builds.map((b) => b.dist)).toEqual([DIST]);
  expect(r.builds[0].first[0]).toBeGreaterThan(0);
  expect(r.builds[0].repeat[0]).toBeGreaterThan(0);
});
