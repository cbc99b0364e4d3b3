/**
 * SHA-256 a piece at a time, as the offline copy hashes a file it stores by ranges
 * (src/worker/bundle-cache.ts): src/bundle/sha256.ts (hash-wasm) against the hand-written
 * JavaScript digest it replaced (read from git at BASELINE_COMMIT) and Node's native one, in the
 * same process, alternated. Prints MB/s, the time one HASH_STEP of 256 KB takes (what a request
 * for words can wait behind) and the ratios.
 *
 *   npx tsx scripts/bench-sha256.ts [--mb 64] [--rounds 3]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256 } from '../src/bundle/sha256';

/** The last commit with the hand-written digest. */
const BASELINE_COMMIT = '2bd1242';
const STEP = 256 << 10;

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const mb = arg('mb', 64);
const rounds = arg('rounds', 3);

interface Hasher {
  update(d: Uint8Array): unknown;
  hex(): string;
}

async function baseline(): Promise<() => Hasher> {
  let text: string;
  try {
    text = execFileSync('git', ['show', `${BASELINE_COMMIT}:src/bundle/sha256.ts`], { encoding: 'utf8' });
  } catch {
    throw new Error(`the baseline is src/bundle/sha256.ts at commit ${BASELINE_COMMIT}; run this in a clone with that commit (git fetch --unshallow)`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'sha256-baseline-')), 'sha256.ts');
  writeFileSync(file, text);
  const mod = (await import(pathToFileURL(file).href)) as { Sha256: new () => Hasher };
  return () => new mod.Sha256();
}

const data = Uint8Array.from({ length: mb << 20 }, (_, i) => (i * 131 + 7) & 255);
const expected = createHash('sha256').update(data).digest('hex');
const makeBaseline = await baseline();
const candidates: Array<[string, () => Promise<Hasher>]> = [
  ['hash-wasm (src/bundle/sha256.ts)', () => sha256()],
  [`JavaScript digest (${BASELINE_COMMIT})`, async () => makeBaseline()],
  ['node:crypto (native, not in the browser)', async () => {
    const h = createHash('sha256');
    return { update: (d: Uint8Array) => h.update(d), hex: () => h.digest('hex') };
  }],
];
const times = new Map<string, { total: number[]; step: number[] }>(candidates.map(([n]) => [n, { total: [], step: [] }]));
for (let r = 0; r < rounds; r++) {
  for (const [name, make] of candidates) {
    const h = await make();
    const steps: number[] = [];
    const t0 = performance.now();
    for (let at = 0; at < data.length; at += STEP) {
      const s = performance.now();
      h.update(data.subarray(at, at + STEP));
      steps.push(performance.now() - s);
    }
    const hex = h.hex();
    const t = times.get(name)!;
    t.total.push(performance.now() - t0);
    t.step.push(steps.sort((a, b) => a - b)[steps.length >> 1]);
    if (hex !== expected) throw new Error(`${name}: digest ${hex}, expected ${expected}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ours = median(times.get(candidates[0][0])!.total);
console.log(`SHA-256 of ${mb} MB in 256 KB steps, Node ${process.versions.node}, median of ${rounds} alternated rounds:`);
for (const [name] of candidates) {
  const t = times.get(name)!;
  const total = median(t.total);
  console.log(`  ${name.padEnd(42)} ${(total).toFixed(0).padStart(6)} ms  ${((mb * 1.048576 * 1000) / total).toFixed(0).padStart(5)} MB/s  256 KB step ${median(t.step).toFixed(2)} ms  time / hash-wasm's ${(total / ours).toFixed(2)}x`);
}
