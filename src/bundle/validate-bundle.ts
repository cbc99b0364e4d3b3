/**
 * validateBundle: the manifest, then the files it lists (present, exact byte size), then what
 * is inside them (ONNX headers, vocabulary length, tokenizer, gallery, evaluation set).
 * A bundle is valid when `issues` is empty. `manifest` is returned whenever manifest.json
 * itself is valid, so a UI can still show what the bundle claims to be next to its problems.
 */
import { isObject } from './checker';
import { makeIssue } from './issues';
import { tryReadJson, vocabularyWhy } from './loaders';
import { onnxHeaderProblem } from './onnx-header';
import { parseEvalSet, parseGalleryIndex, parsePrecomputedText, parseTokenizer, parseVocabulary, type Parsed } from './parse-files';
import { bundlePathProblem } from './paths';
import type { BundleSource } from './source';
import { MANIFEST_FILE, type BundleIssue, type Manifest } from './types';
import { validateManifest } from './validate-manifest';

/** Enough of a protobuf to walk its first fields; the graph field is skipped by its length. */
const ONNX_HEAD_BYTES = 64 * 1024;

export async function validateBundle(source: BundleSource): Promise<{ manifest: Manifest | null; issues: BundleIssue[] }> {
  if (!(await source.has(MANIFEST_FILE).catch(() => false))) {
    const message = `${source.name}: ${MANIFEST_FILE} is missing, expected it at the bundle root (a bundle is a folder with manifest.json at its top)`;
    return { manifest: null, issues: [makeIssue(MANIFEST_FILE, '(file)', 'missing', `a file at the root of ${source.name}`, message)] };
  }
  const read = await tryReadJson(source, MANIFEST_FILE);
  if ('issue' in read) return { manifest: null, issues: [read.issue] };
  const { manifest, issues } = validateManifest(read.json);
  const sized = await checkFileSizes(source, read.json, issues);
  if (manifest) await checkContents(source, manifest, sized, issues);
  return { manifest, issues };
}

/** Every well-formed files[] entry exists with its exact size; returns the paths that do. */
async function checkFileSizes(source: BundleSource, json: unknown, issues: BundleIssue[]): Promise<Set<string>> {
  const ok = new Set<string>();
  if (!isObject(json) || !Array.isArray(json.files)) return ok;
  const entries = json.files.flatMap((f, i) =>
    isObject(f) && typeof f.path === 'string' && bundlePathProblem(f.path) === null && Number.isInteger(f.bytes)
      ? [{ path: f.path, bytes: f.bytes as number, i }]
      : [],
  );
  await mapLimit(entries, 8, async ({ path, bytes, i }) => {
    const listing = `files[${i}] in manifest.json`;
    let size = await source.size(path).catch(() => null);
    if (size === null) {
      if (!(await source.has(path).catch(() => false))) {
        issues.push(makeIssue(path, '(file)', 'missing', `a file (${listing})`, `${path}: the file is missing, expected it in the bundle (${listing})`));
        return;
      }
      size = (await source.read(path)).length;
    }
    if (size !== bytes) {
      const hint = size < bytes ? '; the file may be truncated (an interrupted download or copy?)' : '; the file or the manifest is out of date';
      issues.push(makeIssue(path, 'size', `${size} bytes`, `${bytes} bytes (${listing})`, `${path}: size is ${size} bytes, expected ${bytes} bytes (${listing})${hint}`));
      return;
    }
    ok.add(path);
  });
  return ok;
}

async function checkContents(source: BundleSource, m: Manifest, sized: Set<string>, issues: BundleIssue[]): Promise<void> {
  const width = m.kind === 'lexical' ? m.vocabulary?.size : m.embeddingDim;
  const onnxFiles = [m.vision.file, ...(m.text.mode === 'onnx' ? [m.text.model.file] : [])];
  for (const path of onnxFiles) {
    if (!sized.has(path)) continue;
    const head = source.readHead ? await source.readHead(path, ONNX_HEAD_BYTES) : await source.read(path);
    const total = m.files.find((f) => f.path === path)?.bytes ?? head.length;
    const problem = onnxHeaderProblem(head.subarray(0, ONNX_HEAD_BYTES), total);
    if (problem) {
      const message = `${path}: not an ONNX model: starts with ${problem}, expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)`;
      issues.push(makeIssue(path, '(content)', problem, 'an ONNX ModelProto', message));
    }
  }

  /** Parses one JSON file when it exists with the right size (otherwise it is already reported). */
  const json = async (path: string, parse: (json: unknown) => Parsed<unknown>) => {
    if (!sized.has(path)) return;
    const r = await tryReadJson(source, path);
    issues.push(...('issue' in r ? [r.issue] : parse(r.json).issues));
  };
  if (m.vocabulary) {
    const v = m.vocabulary;
    await json(v.file, (j) => parseVocabulary(j, v.file, { size: v.size, why: vocabularyWhy(m) }));
  }
  const tokenizer = m.text.tokenizer;
  if (tokenizer) await json(tokenizer, (j) => parseTokenizer(j, tokenizer));
  if (m.text.mode === 'precomputed') {
    const file = m.text.file;
    await json(file, (j) => parsePrecomputedText(j, file, m.kind, width));
  }
  const listed = new Set(m.files.map((f) => f.path));
  if (m.gallery) {
    const g = m.gallery;
    await json(g.index, (j) => parseGalleryIndex(j, g.index, { kind: m.kind, width, size: g.size, listed }));
  }
  if (m.eval) {
    const e = m.eval;
    const file = `${e.dir}/evalset.json`;
    await json(file, (j) => parseEvalSet(j, file, { dir: e.dir, classes: e.classes, images: e.images, listed }));
  }
}

/** Runs `fn` over items with at most `limit` in flight (HEAD requests to a server, file stats). */
async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
