/**
 * `lexvla validate` and `lexvla encode`: the simple commands. Each returns its exit code and
 * writes through `out` so tests can run them in-process as well as through the bin.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkHashes, sha256Hex } from '../src/bundle/integrity';
import { sourceFromDir } from '../src/bundle/node-source';
import { formatIssues } from '../src/bundle/issues';
import { MANIFEST_FILE, type Manifest } from '../src/bundle/types';
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

/**
 * `lexvla hash <bundle-dir>`: writes every listed file's SHA-256 into manifest.json (files[].sha256),
 * for bundles made without them (before the format had them, or by another producer); run again
 * after replacing a file, it pins the new bytes. A bundle with problems is refused first: pinning
 * a truncated file would make its wrong bytes look right.
 */
export async function hashCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, {});
  const [bundle] = expectPositionals(p, ['bundle-dir'], 'lexvla hash <bundle-dir>');
  if (!(await stat(bundle).catch(() => null))?.isDirectory()) {
    throw new UsageError(`${bundle}: not a folder; expected a bundle folder (a .zip cannot be rewritten in place: unzip it, hash the folder, zip it again)`);
  }
  const source = sourceFromDir(bundle);
  const { manifest, issues } = await validateBundle(source);
  if (issues.length > 0 || !manifest) {
    io.err(`${bundle}: ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing written\n${formatIssues(issues)}`);
    return 1;
  }
  // The manifest as written (key order, fields this reader does not know), with only the hashes set.
  const path = join(bundle, MANIFEST_FILE);
  const json = JSON.parse(await readFile(path, 'utf8')) as { files: Array<{ path: string; sha256?: string }> };
  let changed = 0;
  for (const entry of json.files) {
    const sha256 = await sha256Hex(await source.read(entry.path));
    if (entry.sha256 !== sha256) changed++;
    entry.sha256 = sha256;
  }
  await writeFile(path, `${JSON.stringify(json, null, 1)}\n`);
  io.out(`${path}: SHA-256 of ${json.files.length} files written (${changed} new or changed)`);
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

function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
