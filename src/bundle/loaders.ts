/**
 * Loading the bundle's JSON files as typed values. Failures throw a BundleError whose issues
 * have the validator's shape, so the worker can pass them on as a `bad-bundle` error.
 */
import { BundleError, makeIssue } from './issues';
import { parseEvalSet, parseGalleryIndex, parsePrecomputedText, parseVocabulary, type EvalSetExpectations, type Parsed, type PrecomputedTextJson } from './parse-files';
import type { BundleSource } from './source';
import type { BundleIssue, EvalSetJson, GalleryIndexJson, Manifest } from './types';
import { decodeWordEmbeddings } from './word-embeddings';

const decoder = new TextDecoder();

/** Reads and parses a JSON file; the result's issue (missing file, bad JSON) names the file. */
export async function tryReadJson(source: BundleSource, path: string): Promise<{ json: unknown } | { issue: BundleIssue }> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch (e) {
    if (e instanceof BundleError && e.issues.length === 1) return { issue: e.issues[0] }; // e.g. a SHA-256 mismatch
    return { issue: makeIssue(path, '(file)', 'missing', `a file in ${source.name}`, (e as Error).message) };
  }
  const encoding = encodingProblem(bytes);
  if (encoding) {
    const expected = 'UTF-8 (the JSON files of a bundle are UTF-8: save it as UTF-8)';
    return { issue: makeIssue(path, '(encoding)', encoding, expected, `${path}: encoded as ${encoding}, expected ${expected}`) };
  }
  try {
    return { json: JSON.parse(decoder.decode(bytes).replace(/^\uFEFF/, '')) };
  } catch (e) {
    const msg = (e as Error).message;
    return { issue: makeIssue(path, '(content)', `invalid JSON (${msg})`, 'a JSON document', `${path}: not valid JSON (${msg}), expected a JSON document`) };
  }
}

/**
 * The encoding of a JSON file that is not UTF-8, from its byte-order mark (or, without one, from
 * the zero bytes ASCII text has in UTF-16); null for UTF-8, with or without its own mark.
 */
export function encodingProblem(b: Uint8Array): string | null {
  const mark = (name: string, n: number) => `${name} (byte-order mark ${Array.from(b.subarray(0, n), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ')})`;
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return mark('UTF-32, little-endian', 4);
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return mark('UTF-32, big-endian', 4);
  if (b[0] === 0xff && b[1] === 0xfe) return mark('UTF-16, little-endian', 2);
  if (b[0] === 0xfe && b[1] === 0xff) return mark('UTF-16, big-endian', 2);
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[3] === 0) return 'UTF-16, little-endian, without a byte-order mark';
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0) return 'UTF-16, big-endian, without a byte-order mark';
  return null;
}

export async function readJson(source: BundleSource, path: string): Promise<unknown> {
  const r = await tryReadJson(source, path);
  if ('issue' in r) throw new BundleError([r.issue]);
  return r.json;
}

function unwrap<T>(p: Parsed<T>): T {
  if (p.value === null) throw new BundleError(p.issues);
  return p.value;
}

/** Why the vocabulary must have V entries, for messages: every place the manifest fixes V. */
export function vocabularyWhy(manifest: Manifest): string {
  const patch = manifest.vision.outputs.patch ? ' and the width of vision.outputs.patch' : '';
  return `(vocabulary.size${patch} in manifest.json)`;
}

/** The lexical bundle's vocabulary: words[V] and their tokenizer ids, int32 [V]. */
export async function loadVocabulary(source: BundleSource, manifest: Manifest): Promise<{ words: string[]; tokenIds: Int32Array }> {
  const spec = manifest.vocabulary;
  if (!spec) throw new BundleError([makeIssue('manifest.json', 'vocabulary', 'missing', 'an object', `manifest.json: vocabulary is missing, expected it in a ${manifest.kind} bundle to load words`)]);
  const json = await readJson(source, spec.file);
  const v = unwrap(parseVocabulary(json, spec.file, { size: spec.size, why: vocabularyWhy(manifest) }));
  return { words: v.words, tokenIds: Int32Array.from(v.tokenIds) };
}

/** The gallery index, checked against the manifest (kind, width, gallery.size, files[]). */
export async function loadGallery(source: BundleSource, manifest: Manifest): Promise<GalleryIndexJson> {
  const spec = manifest.gallery;
  if (!spec) throw new BundleError([makeIssue('manifest.json', 'gallery', 'missing', 'an object', 'manifest.json: gallery is missing, expected it to load a gallery')]);
  const json = await readJson(source, spec.index);
  return unwrap(
    parseGalleryIndex(json, spec.index, {
      kind: manifest.kind,
      width: manifest.kind === 'lexical' ? manifest.vocabulary?.size : manifest.embeddingDim,
      size: spec.size,
      listed: new Set(manifest.files.map((f) => f.path)),
    }),
  );
}

/**
 * An evaluation set. `path` is its folder ('' = the source's root) or its evalset.json file.
 * Returns the set and the folder its image/mask paths are relative to.
 */
export async function loadEvalSet(
  source: BundleSource,
  path = '',
  expect: Omit<EvalSetExpectations, 'dir'> = {},
): Promise<{ evalSet: EvalSetJson; dir: string }> {
  const isFile = path.endsWith('.json');
  const file = isFile ? path : path === '' ? 'evalset.json' : `${path}/evalset.json`;
  const dir = isFile ? path.slice(0, Math.max(0, path.lastIndexOf('/'))) : path;
  const json = await readJson(source, file);
  return { evalSet: unwrap(parseEvalSet(json, file, { ...expect, dir })), dir };
}

/** text.mode "precomputed": the texts and their vectors. */
export async function loadPrecomputedText(source: BundleSource, manifest: Manifest): Promise<PrecomputedTextJson> {
  if (manifest.text.mode !== 'precomputed') {
    throw new BundleError([makeIssue('manifest.json', 'text.mode', JSON.stringify(manifest.text.mode), '"precomputed"')]);
  }
  const json = await readJson(source, manifest.text.file);
  const width = manifest.kind === 'lexical' ? manifest.vocabulary?.size : manifest.embeddingDim;
  return unwrap(parsePrecomputedText(json, manifest.text.file, manifest.kind, width));
}

/**
 * A dense bundle's word table (manifest wordEmbeddings): its words and their embeddings,
 * float32 [V, D] as stored (not normalised). `onProgress`: bytes of the table file read so far.
 */
export async function loadWordEmbeddings(
  source: BundleSource,
  manifest: Manifest,
  onProgress?: (loaded: number, total: number) => void,
): Promise<{ words: string[]; tokenIds: Int32Array; values: Float32Array; dim: number }> {
  const spec = manifest.wordEmbeddings;
  if (!spec) throw new BundleError([makeIssue('manifest.json', 'wordEmbeddings', 'missing', 'an object', `manifest.json: wordEmbeddings is missing, expected it to read ${manifest.name}'s word table`)]);
  const json = await readJson(source, spec.vocabulary.file);
  const why = '(wordEmbeddings.vocabulary.size and wordEmbeddings.shape[0] in manifest.json)';
  const v = unwrap(parseVocabulary(json, spec.vocabulary.file, { size: spec.vocabulary.size, why }));
  const bytes = await source.read(spec.file, onProgress);
  return { words: v.words, tokenIds: Int32Array.from(v.tokenIds), values: decodeWordEmbeddings(bytes, spec), dim: spec.shape[1] };
}
