/**
 * Content hashes (manifest `files[].sha256`, optional): a file whose bytes differ from what the
 * manifest was written for is named, with both hashes, instead of surfacing later as a model that
 * will not load or, worse, one that loads and gives other numbers. The hashes also let an
 * unchanged URL bundle be loaded from the browser's copy instead of downloaded again
 * (src/worker/bundle-cache.ts).
 *
 * Web Crypto's SHA-256 (the browser, its workers and Node 20 alike): native, and off the calling
 * thread in Chromium.
 */
import { isObject } from './checker';
import { BundleError, makeIssue } from './issues';
import { withRead, type BundleSource } from './source';
import { MANIFEST_FILE, type BundleIssue, type Manifest } from './types';

/** A SHA-256 as the manifest writes it: 64 lowercase hexadecimal digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** A listed hash: where it is in files[], for messages. */
interface Listed {
  sha256: string;
  index: number;
}

/** The well-formed files[].sha256 of a manifest's JSON (the validator reports malformed ones). */
export function listedHashes(json: unknown): Map<string, Listed> {
  const out = new Map<string, Listed>();
  if (!isObject(json) || !Array.isArray(json.files)) return out;
  json.files.forEach((f, index) => {
    if (isObject(f) && typeof f.path === 'string' && typeof f.sha256 === 'string' && SHA256_PATTERN.test(f.sha256) && !out.has(f.path)) {
      out.set(f.path, { sha256: f.sha256, index });
    }
  });
  return out;
}

/** true when every file the manifest lists carries a SHA-256: the manifest then pins the whole bundle. */
export function pinsEveryFile(manifest: Pick<Manifest, 'files'>): boolean {
  return manifest.files.length > 0 && manifest.files.every((f) => typeof f.sha256 === 'string' && SHA256_PATTERN.test(f.sha256));
}

/** null when `bytes` are the listed file, else the issue naming the file, the field and both hashes. */
export async function hashIssue(path: string, bytes: Uint8Array, listed: Listed): Promise<BundleIssue | null> {
  const found = await sha256Hex(bytes);
  if (found === listed.sha256) return null;
  const field = `files[${listed.index}].sha256 in ${MANIFEST_FILE}`;
  return makeIssue(
    path,
    'sha256',
    found,
    `${listed.sha256} (${field})`,
    `${path}: SHA-256 is ${found}, expected ${listed.sha256} (${field}); the file is not the one the manifest was written for (changed since, or corrupted in transit)`,
  );
}

/**
 * The source, with every whole read of a file that has a listed SHA-256 checked against it (a
 * mismatch throws a BundleError). The hashes come from the first read of manifest.json, which the
 * validator always does first; a read before it fetches the manifest once. Partial reads
 * (`readHead`) are passed through: they are never a whole file.
 */
export function verifying(source: BundleSource): BundleSource {
  let hashes: Promise<Map<string, Listed>> | null = null;
  const fromManifest = (bytes: Uint8Array) => {
    try {
      return listedHashes(JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')));
    } catch {
      return new Map<string, Listed>(); // not JSON: the validator says so
    }
  };
  return withRead(source, async (path, onProgress) => {
    if (path === MANIFEST_FILE) {
      const bytes = await source.read(path, onProgress);
      hashes ??= Promise.resolve(fromManifest(bytes));
      return bytes;
    }
    hashes ??= source.read(MANIFEST_FILE).then(fromManifest, () => new Map<string, Listed>());
    const [bytes, listed] = await Promise.all([source.read(path, onProgress), hashes]);
    const entry = listed.get(path);
    const issue = entry ? await hashIssue(path, bytes, entry) : null;
    if (issue) throw new BundleError([issue]);
    return bytes;
  });
}

/** Reads every file with a listed SHA-256 and checks it (`lexvla validate`): one issue per mismatch. */
export async function checkHashes(source: BundleSource, manifest: Manifest): Promise<BundleIssue[]> {
  const issues: BundleIssue[] = [];
  for (const [path, listed] of listedHashes(manifest)) {
    const issue = await hashIssue(path, await source.read(path), listed);
    if (issue) issues.push(issue);
  }
  return issues;
}
