/**
 * validateManifest: every field of ManifestV1 (types.ts), its type, its enum, its range, and
 * the cross-field rules that tie the preprocessing, the tensor shapes and the files together.
 * All problems are reported, not only the first, except for a wrong `format` or `version`:
 * then nothing else can be interpreted, so that single issue is the whole answer.
 */
import { Checker, isObject, type Json } from './checker';
import { checkText, checkVision, type ManifestContext } from './manifest-models';
import { checkTrainedOn } from './manifest-trained-on';
import { SHA256_PATTERN } from './integrity';
import { checkWordEmbeddings } from './word-embeddings';
import { joinBundlePath } from './paths';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_FILE, type BundleIssue, type Manifest } from './types';

export interface ManifestResult {
  /** The manifest, typed, when it has no issues; null otherwise. */
  manifest: Manifest | null;
  issues: BundleIssue[];
}

export function validateManifest(json: unknown, file = MANIFEST_FILE): ManifestResult {
  const ck = new Checker(file);
  const done = (): ManifestResult => ({ manifest: ck.issues.length === 0 ? (json as Manifest) : null, issues: ck.issues });
  if (!isObject(json)) {
    ck.fail('(root)', json, 'a JSON object (the bundle manifest)');
    return done();
  }
  if (json.format !== BUNDLE_FORMAT) {
    ck.fail('format', json.format, `"${BUNDLE_FORMAT}" (this file is not a LexVLA bundle manifest)`);
    return done();
  }
  if (json.version !== BUNDLE_FORMAT_VERSION) {
    ck.fail('version', json.version, `${BUNDLE_FORMAT_VERSION} (this explorer reads bundle format v${BUNDLE_FORMAT_VERSION})`);
    return done();
  }
  ck.str(json, 'name', 'name', { nonEmpty: true });
  ck.str(json, 'description', 'description');
  const kind = ck.oneOf(json, 'kind', 'kind', ['lexical', 'dense'] as const);
  const ctx: ManifestContext = { kind, widthLabel: '?', refs: [] };
  checkPreprocess(ck, json, ctx);
  checkKindFields(ck, json, ctx);
  checkVision(ck, json, ctx);
  checkText(ck, json, ctx);
  checkWordEmbeddings(ck, json, ctx);
  checkExtras(ck, json, ctx);
  checkTrainedOn(ck, json);
  checkProvenance(ck, json);
  checkFiles(ck, json, ctx);
  return done();
}

function checkPreprocess(ck: Checker, root: Json, ctx: ManifestContext): void {
  const p = ck.obj(root, 'preprocess', 'preprocess');
  if (!p) return;
  const posInt = (x: number) => Number.isInteger(x) && x > 0;
  const inputSize = ck.tuple(p, 'inputSize', 'preprocess.inputSize', 2, 'positive integers [height, width]', posInt);
  const patchSize = ck.int(p, 'patchSize', 'preprocess.patchSize');
  const grid = ck.tuple(p, 'grid', 'preprocess.grid', 2, 'positive integers [rows, cols]', posInt);
  if (inputSize) ctx.inputSize = inputSize as [number, number];
  if (inputSize && patchSize !== undefined) {
    const [h, w] = inputSize;
    if (h % patchSize !== 0 || w % patchSize !== 0) {
      ck.fail('preprocess.inputSize', inputSize, `multiples of preprocess.patchSize ${patchSize}`);
    } else if (grid && (grid[0] !== h / patchSize || grid[1] !== w / patchSize)) {
      ck.fail('preprocess.grid', grid, `[${h / patchSize},${w / patchSize}] (preprocess.inputSize / preprocess.patchSize)`);
    } else if (grid) ctx.grid = grid as [number, number];
  }
  const resize = ck.obj(p, 'resize', 'preprocess.resize');
  if (resize) {
    const edge = ck.int(resize, 'shortestEdge', 'preprocess.resize.shortestEdge');
    // The center crop takes inputSize out of the resized image, so its shorter side must cover it.
    if (edge !== undefined && inputSize && edge < Math.max(...inputSize)) {
      ck.fail('preprocess.resize.shortestEdge', edge, `at least ${Math.max(...inputSize)} (the larger side of preprocess.inputSize, for the center crop)`);
    }
    ck.oneOf(resize, 'filter', 'preprocess.resize.filter', ['bilinear', 'nearest'] as const);
  }
  ck.oneOf(p, 'crop', 'preprocess.crop', ['center'] as const);
  ck.tuple(p, 'background', 'preprocess.background', 3, 'integers 0..255 [r, g, b]', (x) => Number.isInteger(x) && x >= 0 && x <= 255);
  ck.num(p, 'rescale', 'preprocess.rescale', { positive: true });
  ck.tuple(p, 'mean', 'preprocess.mean', 3, 'finite numbers [r, g, b]', Number.isFinite);
  ck.tuple(p, 'std', 'preprocess.std', 3, 'positive numbers [r, g, b]', (x) => Number.isFinite(x) && x > 0);
  ck.oneOf(p, 'channelOrder', 'preprocess.channelOrder', ['RGB', 'BGR'] as const);
  ck.oneOf(p, 'layout', 'preprocess.layout', ['NCHW'] as const);
}

/** vocabulary + sparsify (lexical) or embeddingDim (dense); sets the output width. */
function checkKindFields(ck: Checker, root: Json, ctx: ManifestContext): void {
  if (ctx.kind === 'lexical') {
    if (root.vocabulary === undefined) ck.fail('vocabulary', undefined, 'an object (required when kind is "lexical")');
    const v = ck.obj(root, 'vocabulary', 'vocabulary', false);
    if (v) {
      const file = ck.path(v, 'file', 'vocabulary.file');
      if (file !== undefined) ctx.refs.push({ path: file, field: 'vocabulary.file' });
      ctx.width = ck.int(v, 'size', 'vocabulary.size');
      ctx.widthLabel = `vocabulary.size ${ctx.width ?? '?'}`;
      ck.str(v, 'rule', 'vocabulary.rule', { nonEmpty: true });
    }
    if (root.sparsify === undefined) ck.fail('sparsify', undefined, 'an object (required when kind is "lexical")');
    const s = ck.obj(root, 'sparsify', 'sparsify', false);
    if (s) {
      const t = s.threshold;
      if (!(typeof t === 'number' && t > 0 && t < 1)) ck.fail('sparsify.threshold', t, 'a number in (0, 1), usually 1/sqrt(V)');
      const k = s.topK;
      if (k !== null && !(typeof k === 'number' && Number.isInteger(k) && k > 0)) {
        ck.fail('sparsify.topK', k, 'null (no cap) or a positive integer');
      }
    }
  } else if (ctx.kind === 'dense') {
    if (root.embeddingDim === undefined) ck.fail('embeddingDim', undefined, 'a positive integer (required when kind is "dense")');
    else ctx.width = ck.int(root, 'embeddingDim', 'embeddingDim');
    ctx.widthLabel = `embeddingDim ${ctx.width ?? '?'}`;
  }
}

function checkExtras(ck: Checker, root: Json, ctx: ManifestContext): void {
  const g = ck.obj(root, 'gallery', 'gallery', false);
  if (g) {
    const index = ck.path(g, 'index', 'gallery.index');
    if (index !== undefined) ctx.refs.push({ path: index, field: 'gallery.index' });
    ck.int(g, 'size', 'gallery.size');
  }
  const e = ck.obj(root, 'eval', 'eval', false);
  if (e) {
    const dir = ck.path(e, 'dir', 'eval.dir');
    if (dir !== undefined) ctx.refs.push({ path: joinBundlePath(dir, 'evalset.json'), field: 'eval.dir' });
    ck.int(e, 'classes', 'eval.classes');
    ck.int(e, 'images', 'eval.images');
  }
}

function checkProvenance(ck: Checker, root: Json): void {
  const p = ck.obj(root, 'provenance', 'provenance');
  if (!p) return;
  for (const key of ['trainedBy', 'data', 'command', 'commit']) ck.str(p, key, `provenance.${key}`, { nonEmpty: true });
  const date = ck.str(p, 'date', 'provenance.date', { nonEmpty: true });
  if (date !== undefined && Number.isNaN(Date.parse(date))) ck.fail('provenance.date', date, 'an ISO 8601 date, e.g. "2025-01-31"');
  const metrics = ck.obj(p, 'metrics', 'provenance.metrics', false);
  if (metrics) for (const key of Object.keys(metrics)) ck.num(metrics, key, `provenance.metrics.${key}`);
  ck.str(p, 'notes', 'provenance.notes', { required: false });
}

/** files[]: well-formed, each path once, and listing every file the manifest references. */
function checkFiles(ck: Checker, root: Json, ctx: ManifestContext): void {
  const files = root.files;
  if (!Array.isArray(files) || files.length === 0) {
    ck.fail('files', files, 'a non-empty array of { path, bytes, sha256? }, one per file of the bundle');
    return;
  }
  const listed = new Map<string, number>();
  files.forEach((f, i) => {
    if (!isObject(f)) {
      ck.fail(`files[${i}]`, f, 'an object { path, bytes }');
      return;
    }
    const path = ck.path(f, 'path', `files[${i}].path`);
    ck.int(f, 'bytes', `files[${i}].bytes`, { min: 0 });
    const sha256 = ck.str(f, 'sha256', `files[${i}].sha256`, { required: false });
    if (sha256 !== undefined && !SHA256_PATTERN.test(sha256)) ck.fail(`files[${i}].sha256`, sha256, 'a SHA-256 as 64 lowercase hexadecimal digits, or no sha256 field');
    if (path === undefined) return;
    const first = listed.get(path);
    if (first !== undefined) ck.fail(`files[${i}].path`, path, `each path listed once (also files[${first}])`);
    else listed.set(path, i);
  });
  for (const { path, field } of ctx.refs) {
    if (!listed.has(path)) {
      ck.fail('files', path, `an entry for "${path}" (${field}), since every file of the bundle is listed with its size`, {
        message: `${ck.file}: files has no entry for "${path}" (${field}), expected every file of the bundle listed with its size`,
        rendered: `no entry for "${path}"`,
      });
    }
  }
}
