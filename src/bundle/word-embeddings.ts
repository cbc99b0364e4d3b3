/**
 * manifest `wordEmbeddings` (dense bundles, optional): its fields, the byte layout of its table
 * and the decoding of that table. docs/bundle-format.md, "Word embeddings".
 *
 * Layout, little-endian, row-major [V, D]:
 *   float16              V x D halves                                 2VD bytes
 *   int8, scale "row"    V float32 scales, then V x D signed bytes    4V + VD bytes
 *   int8, scale "global" 1 float32 scale, then V x D signed bytes     4 + VD bytes
 * The scales come first so that they are 4-byte aligned. Value = byte x scale of its row (or of
 * the table).
 */
import { Checker, type Json } from './checker';
import { BundleError, makeIssue, renderValue } from './issues';
import type { ManifestContext } from './manifest-models';
import type { BundleIssue, Manifest, WordEmbeddingsSpec } from './types';

const FIELD = 'wordEmbeddings';
const DTYPES = ['float16', 'int8'] as const;
const SCALES = ['row', 'global'] as const;

/** The manifest's wordEmbeddings section; records its files in ctx.refs. */
export function checkWordEmbeddings(ck: Checker, root: Json, ctx: ManifestContext): void {
  if (root[FIELD] === undefined) return;
  if (ctx.kind === 'lexical') {
    ck.fail(FIELD, root[FIELD], 'no wordEmbeddings in a lexical bundle (its words are its own outputs, vocabulary.file)', { rendered: 'present' });
    return;
  }
  const w = ck.obj(root, FIELD, FIELD);
  if (!w) return;
  const file = ck.path(w, 'file', `${FIELD}.file`);
  if (file !== undefined) ctx.refs.push({ path: file, field: `${FIELD}.file` });
  let size: number | undefined;
  const v = ck.obj(w, 'vocabulary', `${FIELD}.vocabulary`);
  if (v) {
    const vf = ck.path(v, 'file', `${FIELD}.vocabulary.file`);
    if (vf !== undefined) ctx.refs.push({ path: vf, field: `${FIELD}.vocabulary.file` });
    size = ck.int(v, 'size', `${FIELD}.vocabulary.size`);
    ck.str(v, 'rule', `${FIELD}.vocabulary.rule`, { nonEmpty: true });
  }
  const posInt = (x: number) => Number.isInteger(x) && x > 0;
  const shape = ck.tuple(w, 'shape', `${FIELD}.shape`, 2, 'positive integers [rows, columns]', posInt);
  if (shape && (size !== undefined || ctx.width !== undefined)) {
    const [rows, cols] = shape;
    if ((size !== undefined && rows !== size) || (ctx.width !== undefined && cols !== ctx.width)) {
      ck.fail(`${FIELD}.shape`, shape, `[${size ?? rows},${ctx.width ?? cols}] (rows = ${FIELD}.vocabulary.size ${size ?? '?'}, columns = ${ctx.widthLabel})`);
    }
  }
  const dtype = ck.oneOf(w, 'dtype', `${FIELD}.dtype`, DTYPES);
  if (dtype === 'int8') {
    ck.oneOf(w, 'scale', `${FIELD}.scale`, SCALES);
  } else if (dtype === 'float16' && w.scale !== undefined) {
    ck.fail(`${FIELD}.scale`, w.scale, 'no scale with float16 (halves are stored as they are; a scale goes with int8)');
  }
  const template = ck.str(w, 'template', `${FIELD}.template`, { nonEmpty: true });
  if (template !== undefined && template !== '{token}' && !template.includes('{word}')) {
    ck.fail(`${FIELD}.template`, template, 'a text with "{word}" where the word goes (e.g. "{word}" or "a photo of a {word}"), or "{token}" (the word\'s own token id)');
  }
}

/** Bytes of the table file `spec` describes (see the layout above). */
export function wordEmbeddingBytes(spec: Pick<WordEmbeddingsSpec, 'shape' | 'dtype' | 'scale'>): number {
  const [rows, cols] = spec.shape;
  if (spec.dtype === 'float16') return 2 * rows * cols;
  return (spec.scale === 'row' ? 4 * rows : 4) + rows * cols;
}

/** "int8 [19545,256] with one float32 scale per row (4 x 19545 + 19545 x 256 bytes)" */
export function describeLayout(spec: Pick<WordEmbeddingsSpec, 'shape' | 'dtype' | 'scale'>): string {
  const [rows, cols] = spec.shape;
  const shape = `[${rows},${cols}]`;
  if (spec.dtype === 'float16') return `float16 ${shape} (2 x ${rows} x ${cols} bytes)`;
  if (spec.scale === 'row') return `int8 ${shape} with one float32 scale per row (4 x ${rows} + ${rows} x ${cols} bytes)`;
  return `int8 ${shape} with one float32 scale for the table (4 + ${rows} x ${cols} bytes)`;
}

/**
 * The table file's listed size against the size its shape and dtype give (the listed size is
 * checked against the file itself elsewhere). null when they agree or there is no table.
 */
export function wordEmbeddingsSizeIssue(m: Manifest): BundleIssue | null {
  const spec = m.wordEmbeddings;
  if (!spec) return null;
  const listed = m.files.find((f) => f.path === spec.file);
  const expected = wordEmbeddingBytes(spec);
  if (!listed || listed.bytes === expected) return null;
  return sizeIssue(spec, listed.bytes, expected);
}

function sizeIssue(spec: WordEmbeddingsSpec, found: number, expected: number): BundleIssue {
  const why = `${describeLayout(spec)}, ${FIELD} in manifest.json`;
  return makeIssue(spec.file, 'size', `${found} bytes`, `${expected} bytes (${why})`, `${spec.file}: size is ${found} bytes, expected ${expected} bytes for ${why}`);
}

/** IEEE 754 half (binary16) -> number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The table's values, float32 [V, D] row-major, from the file's bytes. Throws a BundleError that
 * names the file, the entry and what was expected: a size that disagrees with the shape, a scale
 * or a half that is not a finite number (a scale must also be >= 0).
 */
export function decodeWordEmbeddings(bytes: Uint8Array, spec: WordEmbeddingsSpec): Float32Array {
  const expected = wordEmbeddingBytes(spec);
  if (bytes.length !== expected) throw new BundleError([sizeIssue(spec, bytes.length, expected)]);
  const [rows, cols] = spec.shape;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(rows * cols);
  const bad = (field: string, value: number, what: string) =>
    new BundleError([makeIssue(spec.file, field, renderValue(value), `${what} (${describeLayout(spec)}, ${FIELD} in manifest.json)`)]);
  if (spec.dtype === 'float16') {
    for (let i = 0; i < out.length; i++) {
      const x = halfToFloat(view.getUint16(2 * i, true));
      if (!Number.isFinite(x)) throw bad(`value [${Math.floor(i / cols)},${i % cols}]`, x, 'a finite number');
      out[i] = x;
    }
    return out;
  }
  const scales = spec.scale === 'row' ? rows : 1;
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + 4 * scales, rows * cols);
  for (let r = 0; r < rows; r++) {
    const s = view.getFloat32(4 * (scales === 1 ? 0 : r), true);
    if (!(Number.isFinite(s) && s >= 0)) throw bad(scales === 1 ? 'scale' : `scale[${r}]`, s, 'a finite number >= 0');
    for (let c = 0; c < cols; c++) out[r * cols + c] = data[r * cols + c] * s;
  }
  return out;
}
