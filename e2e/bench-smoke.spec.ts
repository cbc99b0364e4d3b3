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
