/**
 * validateBundle: the manifest, then the files it lists (present, exact byte size), then what
 * is inside them (ONNX graphs against the manifest, vocabulary, tokenizer, gallery, evaluation set
 * and its masks). A bundle is valid when `issues` is empty. `manifest` is returned whenever
 * manifest.json itself is valid, so a UI can still show what the bundle claims to be next to its
 * problems.
 */
import { isObject } from './checker';
import { checkEvalMasks } from './eval-masks';
import { BundleError, makeIssue } from './issues';
import { tryReadJson, vocabularyWhy } from './loaders';
import { checkGraph, graphExpectations, type GraphExpectation } from './onnx-graph';
import { onnxHeaderProblem } from './onnx-header';
import { parseEvalSet, parseGalleryIndex, parsePrecomputedText, parseTokenizer, parseVocabulary, type Parsed } from './parse-files';
import { bundlePathProblem } from './paths';
import type { ByteRange } from './protobuf';
import type { BundleSource } from './source';
import { MANIFEST_FILE, type BundleIssue, type EvalSetJson, type Manifest } from './types';
import { validateManifest } from './validate-manifest';
import { wordEmbeddingsSizeIssue } from './word-embeddings';

/** Enough of a protobuf to walk its first fields (the graph field is skipped by its length); what a URL source's `size` fetched already. */
const ONNX_HEAD_BYTES = 4096;
/** A graph's structure is read this much at a time from a source with ranged reads. */
const GRAPH_WINDOW = 256 * 1024;

/**
 * The version of the checks below: a stored copy that passed them (src/worker/bundle-cache.ts,
 * CacheEntry.checked) is checked again by a build whose checks differ. Bump it with a new check.
 */
export const BUNDLE_CHECKS = 2;

export interface ValidateOptions {
  /**
   * Which graphs to read and check against the manifest (default: all). The app's load checks
   * the vision graph itself, from the bytes it reads for the session, rather than reading it twice.
   */
  graphs?: (g: GraphExpectation) => boolean;
  /** Check the evaluation set's masks from their headers (default: true). */
  masks?: boolean;
}

export async function validateBundle(source: BundleSource, opts: ValidateOptions = {}): Promise<{ manifest: Manifest | null; issues: BundleIssue[] }> {
  const has = await source.has(MANIFEST_FILE).catch((e: unknown) => (e instanceof BundleError ? e : false));
  if (has instanceof BundleError) return { manifest: null, issues: has.issues };
  if (!has) return { manifest: null, issues: [await missingManifest(source)] };
  const read = await tryReadJson(source, MANIFEST_FILE);
  if ('issue' in read) return { manifest: null, issues: [read.issue] };
  const { manifest, issues } = validateManifest(read.json);
  const sized = await checkFileSizes(source, read.json, issues);
  if (manifest) await checkContents(source, manifest, sized, issues, opts);
  return { manifest, issues };
}

/** No manifest.json at the root: say where one is when the source can list its files (a folder zipped one level too deep). */
async function missingManifest(source: BundleSource): Promise<BundleIssue> {
  const found = ((await source.list?.().catch(() => [])) ?? []).filter((p) => p === MANIFEST_FILE || p.endsWith(`/${MANIFEST_FILE}`)).sort((a, b) => a.length - b.length);
  const where = `a file at the root of ${source.name}`;
  if (found.length === 0) {
    const message = `${source.name}: ${MANIFEST_FILE} is missing, expected it at the bundle root (a bundle is a folder with manifest.json at its top)`;
    return makeIssue(MANIFEST_FILE, '(file)', 'missing', where, message);
  }
  const depth = found[0].split('/').length - 1;
  const folders = depth === 1 ? 'one folder' : `${depth} folders`;
  const others = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  const top = found[0].slice(0, -MANIFEST_FILE.length - 1);
  const message =
    `${source.name}: ${MANIFEST_FILE} is not at the bundle root, found ${JSON.stringify(found[0])}${others}, ${folders} down; expected it at the top ` +
    `or one folder down (zip or pick the folder ${JSON.stringify(top)} itself)`;
  return makeIssue(MANIFEST_FILE, '(file)', `at ${JSON.stringify(found[0])}`, where, message);
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
    try {
      let size = await source.size(path).catch(rethrowBundleError(null));
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
    } catch (e) {
      // A file the source refuses to read (a link out of the folder, an encrypted zip entry): named by the source.
      if (e instanceof BundleError) issues.push(...e.issues);
      else throw e;
    }
  });
  return ok;
}

/** A catch handler: a BundleError goes on (it names the file and why); any other failure becomes `value`. */
const rethrowBundleError = <T>(value: T) => (e: unknown): T => {
  if (e instanceof BundleError) throw e;
  return value;
};

/**
 * The files' contents. The checks are independent, so they run side by side (over HTTP each is a
 * few requests' wait), and their issues are listed in a fixed order: graphs, vocabulary,
 * tokenizer, text vectors, word embeddings, gallery, evaluation set.
 */
async function checkContents(source: BundleSource, m: Manifest, sized: Set<string>, issues: BundleIssue[], opts: ValidateOptions): Promise<void> {
  const width = m.kind === 'lexical' ? m.vocabulary?.size : m.embeddingDim;
  const head = (path: string, n: number) => (source.readHead ? source.readHead(path, n) : source.read(path)).then((b) => b.subarray(0, n));
  const graph = async (g: GraphExpectation): Promise<BundleIssue[]> => {
    if (!sized.has(g.file)) return [];
    const total = m.files.find((f) => f.path === g.file)?.bytes ?? 0;
    const problem = onnxHeaderProblem(await head(g.file, ONNX_HEAD_BYTES), total);
    if (problem) {
      const message = `${g.file}: not an ONNX model: starts with ${problem}, expected an ONNX ModelProto (protobuf, as torch.onnx.export writes)`;
      return [makeIssue(g.file, '(content)', problem, 'an ONNX ModelProto', message)];
    }
    return (opts.graphs?.(g) ?? true) ? checkGraph(rangeOf(source, g.file, total), g) : [];
  };

  /** Parses one JSON file when it exists with the right size (otherwise it is already reported); then `more` on its value. */
  const json = async <T>(path: string, parse: (json: unknown) => Parsed<T>, more?: (value: T) => Promise<BundleIssue[]>): Promise<BundleIssue[]> => {
    if (!sized.has(path)) return [];
    const r = await tryReadJson(source, path);
    if ('issue' in r) return [r.issue];
    const parsed = parse(r.json);
    return parsed.value !== null && more ? [...parsed.issues, ...(await more(parsed.value))] : parsed.issues;
  };
  const none = async (): Promise<BundleIssue[]> => [];
  const listed = new Set(m.files.map((f) => f.path));
  const { vocabulary: v, gallery: g, eval: e, text, wordEmbeddings: we } = m;
  const evalFile = e ? `${e.dir}/evalset.json` : '';
  const found = await Promise.all([
    ...graphExpectations(m).map(graph),
    v ? json(v.file, (j) => parseVocabulary(j, v.file, { size: v.size, why: vocabularyWhy(m) })) : none(),
    text.tokenizer ? json(text.tokenizer, (j) => parseTokenizer(j, text.tokenizer!)) : none(),
    text.mode === 'precomputed' ? json(text.file, (j) => parsePrecomputedText(j, text.file, m.kind, width)) : none(),
    we ? wordTable(we) : none(),
    g ? json(g.index, (j) => parseGalleryIndex(j, g.index, { kind: m.kind, width, size: g.size, listed })) : none(),
    e
      ? json<EvalSetJson>(
          evalFile,
          (j) => parseEvalSet(j, evalFile, { dir: e.dir, classes: e.classes, images: e.images, listed }),
          (set) => (opts.masks === false ? none() : checkEvalMasks(set, { file: evalFile, dir: e.dir, readable: (p) => sized.has(p), head })),
        )
      : none(),
  ]);
  issues.push(...found.flat());

  /** The word table's size against its shape (from the listing, which the file was checked against), and its vocabulary. */
  async function wordTable(spec: NonNullable<Manifest['wordEmbeddings']>): Promise<BundleIssue[]> {
    const size = sized.has(spec.file) ? wordEmbeddingsSizeIssue(m) : null;
    const why = '(wordEmbeddings.vocabulary.size and wordEmbeddings.shape[0] in manifest.json)';
    const words = await json(spec.vocabulary.file, (j) => parseVocabulary(j, spec.vocabulary.file, { size: spec.vocabulary.size, why }));
    return [...(size ? [size] : []), ...words];
  }
}

/** A file of the source as a ByteRange: ranged reads where the source has them, else one whole read. */
function rangeOf(source: BundleSource, path: string, size: number): ByteRange & { window: number } {
  if (source.readRange) return { size, window: GRAPH_WINDOW, read: (o, n) => source.readRange!(path, o, n) };
  let whole: Promise<Uint8Array> | null = null;
  return { size, window: size, read: async (o, n) => (await (whole ??= source.read(path))).subarray(o, o + n) };
}

/** Runs `fn` over items with at most `limit` in flight (HEAD requests to a server, file stats). */
async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
