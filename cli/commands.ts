/**
 * `lexvla validate` and `lexvla encode`: the simple commands. Each returns its exit code and
 * writes through `out` so tests can run them in-process as well as through the bin.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkHashes } from '../src/bundle/integrity';
import { formatIssues } from '../src/bundle/issues';
import type { Manifest } from '../src/bundle/types';
import { validateBundle } from '../src/bundle/validate-bundle';
import { expectPositionals, parseArgs, UsageError } from './args';
import { loadEngine, openSource, parseDevice } from './open';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function validateCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, {});
  const [bundle] = expectPositionals(p, ['bundle-dir|zip'], 'lexvla validate <bundle-dir|zip>');
  const source = await openSource(bundle);
  const { manifest, issues } = await validateBundle(source);
  // Every file with a listed SHA-256 is read whole and checked (the app checks each as it reads it).
  if (manifest && issues.length === 0) issues.push(...(await checkHashes(source, manifest)));
  if (issues.length > 0 || !manifest) {
    io.err(`${bundle}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${formatIssues(issues)}`);
    return 1;
  }
  const mb = manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  const vocab = manifest.kind === 'lexical' ? `V=${manifest.vocabulary?.size}` : `D=${manifest.embeddingDim}`;
  io.out(`${bundle}: ok — ${manifest.name} (${manifest.kind}, ${vocab}, grid ${manifest.preprocess.grid.join('x')}, text ${manifest.text.mode}, ${manifest.files.length} files, ${mb.toFixed(1)} MB, ${hashed(manifest)})`);
  return 0;
}

function hashed(m: Manifest): string {
  const n = m.files.filter((f) => f.sha256 !== undefined).length;
  return n === 0 ? 'no SHA-256 listed' : `SHA-256 of ${n === m.files.length ? 'every file' : `${n} of ${m.files.length} files`} checked`;
}

export async function encodeCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { top: 'number', backend: 'string' });
  const [bundle, imagePath] = expectPositionals(p, ['bundle', 'image'], 'lexvla encode <bundle> <image> [--top 20] [--backend cpu]');
  const top = (p.flags.top as number | undefined) ?? 20;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top is ${top}, expected a positive integer`);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(imagePath));
    } catch {
      throw new UsageError(`${imagePath}: cannot read the image file`);
    }
    const r = await engine.encode(bytes, basename(imagePath), top);
    const info = engine.info();
    const result = {
      bundle: info.name,
      kind: info.kind,
      image: r.name,
      original: r.original,
      runtime: info.runtime,
      device: info.device,
      activeCount: r.global.activeCount,
      top: r.global.words.map((word, i) => ({ word, index: r.global.indices[i], value: round(r.global.values[i]) })),
      timingsMs: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, round(v, 2)])),
    };
    io.out(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await engine.dispose();
  }
}

export function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
