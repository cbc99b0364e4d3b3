/**
 * Parsers of the bundle's JSON files (vocabulary, tokenizer, precomputed text vectors, gallery
 * index, evaluation set). Each returns the typed value when it is valid, and every issue found.
 */
import { Checker, isObject } from './checker';
import { joinBundlePath } from './paths';
import { checkEach, checkVectors, failCount, isNonNegInt, isString } from './parse-vectors';
import type { BundleIssue, BundleKind, EvalSetJson, GalleryIndexJson } from './types';

export interface Parsed<T> {
  value: T | null;
  issues: BundleIssue[];
}

const result = <T>(ck: Checker, value: unknown): Parsed<T> => ({ value: ck.issues.length === 0 ? (value as T) : null, issues: ck.issues });

export interface VocabularyJson {
  words: string[];
  tokenIds: number[];
}

/** { words: string[V], tokenIds: number[V] }; `expected` = the V the manifest promises, and why. */
export function parseVocabulary(json: unknown, file: string, expected?: { size: number; why: string }): Parsed<VocabularyJson> {
  const ck = new Checker(file);
  if (!isObject(json)) return (ck.fail('(root)', json, 'an object { words, tokenIds }'), result(ck, json));
  const { words, tokenIds } = json;
  if (!Array.isArray(words)) ck.fail('words', words, 'an array of strings');
  else {
    if (checkEach(ck, words, 'words', 'a string', isString)) checkDistinct(ck, words as string[]);
    if (expected && words.length !== expected.size) failCount(ck, 'words', words.length, expected.size, expected.why);
  }
  if (!Array.isArray(tokenIds)) ck.fail('tokenIds', tokenIds, 'an array of non-negative integers');
  else {
    checkEach(ck, tokenIds, 'tokenIds', 'a non-negative integer (a tokenizer id)', isNonNegInt);
    if (Array.isArray(words) && tokenIds.length !== words.length) failCount(ck, 'tokenIds', tokenIds.length, words.length, '(one per word)');
  }
  return result(ck, json);
}

/**
 * Every word once: entry i is column i of the outputs, so a word listed twice would split its
 * score between two columns and a search for it would find only one (docs/bundle-format.md).
 */
function checkDistinct(ck: Checker, words: string[]): void {
  const first = new Map<string, number>();
  let dup = -1;
  let more = 0;
  words.forEach((w, i) => {
    const j = first.get(w);
    if (j === undefined) first.set(w, i);
    else if (dup < 0) dup = i;
    else more++;
  });
  if (dup < 0) return;
  const again = more > 0 ? `; ${more} more entries repeat a word` : '';
  ck.fail(`words[${dup}]`, words[dup], `a word no other entry has (words[${first.get(words[dup])}] is the same${again}): each vocabulary entry is one distinct word`);
}

/** A Hugging Face tokenizers JSON: only its `model` object is checked here. */
export function parseTokenizer(json: unknown, file: string): Parsed<Record<string, unknown>> {
  const ck = new Checker(file);
  if (!isObject(json)) ck.fail('(root)', json, 'a Hugging Face tokenizers JSON object');
  else if (!isObject(json.model)) ck.fail('model', json.model, 'an object (a Hugging Face tokenizers JSON has a "model" section)');
  return result(ck, json);
}

export interface PrecomputedTextJson {
  texts: string[];
  vectors: Array<{ indices: number[]; values: number[] } | number[]>;
}

/** text.mode "precomputed": { texts: string[], vectors: one per text }. */
export function parsePrecomputedText(json: unknown, file: string, kind: BundleKind, width?: number): Parsed<PrecomputedTextJson> {
  const ck = new Checker(file);
  if (!isObject(json)) return (ck.fail('(root)', json, 'an object { texts, vectors }'), result(ck, json));
  const { texts, vectors } = json;
  if (!Array.isArray(texts)) ck.fail('texts', texts, 'an array of strings');
  else checkEach(ck, texts, 'texts', 'a string', isString);
  if (!Array.isArray(vectors)) ck.fail('vectors', vectors, 'an array of vectors, one per text');
  else {
    checkVectors(ck, vectors, 'vectors', kind, width);
    if (Array.isArray(texts) && vectors.length !== texts.length) failCount(ck, 'vectors', vectors.length, texts.length, '(one per text)');
  }
  return result(ck, json);
}

export interface GalleryExpectations {
  kind: BundleKind;
  width?: number;
  /** gallery.size from the manifest. */
  size?: number;
  /** Paths listed in the manifest's files[]: every gallery image must be one of them. */
  listed?: Set<string>;
}

export function parseGalleryIndex(json: unknown, file: string, opts: GalleryExpectations): Parsed<GalleryIndexJson> {
  const ck = new Checker(file);
  if (!isObject(json)) return (ck.fail('(root)', json, 'an object (a gallery index)'), result(ck, json));
  if (json.format !== 'lexvla-gallery') ck.fail('format', json.format, '"lexvla-gallery"');
  if (json.version !== 1) ck.fail('version', json.version, '1');
  const items = json.items;
  let captions = 0;
  if (!Array.isArray(items)) ck.fail('items', items, 'an array of { id, image, captions }');
  else {
    if (opts.size !== undefined && items.length !== opts.size) failCount(ck, 'items', items.length, opts.size, '(gallery.size in manifest.json)');
    const ids = new Set<string>();
    items.forEach((it, i) => {
      const f = `items[${i}]`;
      if (!isObject(it)) return void ck.fail(f, it, 'an object { id, image, captions }');
      const id = ck.str(it, 'id', `${f}.id`, { nonEmpty: true });
      if (id !== undefined && ids.has(id)) ck.fail(`${f}.id`, id, 'a unique id');
      if (id !== undefined) ids.add(id);
      const image = ck.path(it, 'image', `${f}.image`);
      if (image !== undefined && opts.listed && !opts.listed.has(image)) {
        ck.fail(`${f}.image`, image, 'a file listed in manifest.json files[]');
      }
      if (!Array.isArray(it.captions)) ck.fail(`${f}.captions`, it.captions, 'an array of strings');
      else if (checkEach(ck, it.captions, `${f}.captions`, 'a string', isString)) captions += it.captions.length;
    });
  }
  for (const [key, want, why] of [
    ['imageVectors', Array.isArray(items) ? items.length : undefined, '(one per item)'],
    ['captionVectors', Array.isArray(items) ? captions : undefined, '(one per caption, in item order)'],
  ] as const) {
    const vecs = json[key];
    if (!Array.isArray(vecs)) ck.fail(key, vecs, 'an array of vectors');
    else {
      checkVectors(ck, vecs, key, opts.kind, opts.width);
      if (want !== undefined && vecs.length !== want) failCount(ck, key, vecs.length, want, why);
    }
  }
  return result(ck, json);
}

export interface EvalSetExpectations {
  /** The eval-set folder, relative to the bundle root ('' when the set is its own root). */
  dir: string;
  classes?: number;
  images?: number;
  listed?: Set<string>;
}

/** evalset.json (docs/eval-set-format.md). Paths inside it are relative to the eval-set folder. */
export function parseEvalSet(json: unknown, file: string, opts: EvalSetExpectations): Parsed<EvalSetJson> {
  const ck = new Checker(file);
  if (!isObject(json)) return (ck.fail('(root)', json, 'an object (an evaluation set)'), result(ck, json));
  if (json.format !== 'lexvla-evalset') ck.fail('format', json.format, '"lexvla-evalset"');
  if (json.version !== 1) ck.fail('version', json.version, '1');
  ck.str(json, 'name', 'name', { nonEmpty: true });
  const classes = json.classes;
  let C: number | undefined;
  if (!Array.isArray(classes) || classes.length === 0) ck.fail('classes', classes, 'a non-empty array of class names');
  else if (checkEach(ck, classes, 'classes', 'a non-empty string', (x) => typeof x === 'string' && x.trim() !== '')) {
    C = classes.length;
    if (opts.classes !== undefined && C !== opts.classes) failCount(ck, 'classes', C, opts.classes, '(eval.classes in manifest.json)');
  }
  const items = json.items;
  if (!Array.isArray(items)) return (ck.fail('items', items, 'an array of { id, image, captions }'), result(ck, json));
  if (opts.images !== undefined && items.length !== opts.images) failCount(ck, 'items', items.length, opts.images, '(eval.images in manifest.json)');
  const listedCheck = (p: string | undefined, field: string) => {
    if (p !== undefined && opts.listed && !opts.listed.has(joinBundlePath(opts.dir, p))) {
      ck.fail(field, p, `a file listed in manifest.json files[] (as "${joinBundlePath(opts.dir, p)}")`);
    }
  };
  const ids = new Set<string>();
  items.forEach((it, i) => {
    const f = `items[${i}]`;
    if (!isObject(it)) return void ck.fail(f, it, 'an object { id, image, captions }');
    const id = ck.str(it, 'id', `${f}.id`, { nonEmpty: true });
    if (id !== undefined && ids.has(id)) ck.fail(`${f}.id`, id, 'a unique id');
    if (id !== undefined) ids.add(id);
    listedCheck(ck.path(it, 'image', `${f}.image`), `${f}.image`);
    listedCheck(ck.path(it, 'mask', `${f}.mask`, false), `${f}.mask`);
    if (!Array.isArray(it.captions)) ck.fail(`${f}.captions`, it.captions, 'an array of strings (may be empty)');
    else checkEach(ck, it.captions, `${f}.captions`, 'a string', isString);
    if (it.boxes === undefined) return;
    if (!Array.isArray(it.boxes)) return void ck.fail(`${f}.boxes`, it.boxes, 'an array of { class, box }');
    checkEach(ck, it.boxes, `${f}.boxes`, `{ class: 1..${C ?? 'C'}, box: [x0, y0, x1, y1] with x0 < x1, y0 < y1 }`, (b) => {
      if (!isObject(b) || !Number.isInteger(b.class) || (b.class as number) < 1 || (C !== undefined && (b.class as number) > C)) return false;
      const box = b.box;
      return Array.isArray(box) && box.length === 4 && box.every((x) => Number.isFinite(x)) && box[0] < box[2] && box[1] < box[3];
    });
  });
  return result(ck, json);
}
