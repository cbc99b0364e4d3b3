/**
 * Checks of the manifest's model sections: `vision` and `text` (ONNX specs, tensor shapes).
 * Shapes are checked against the numbers the rest of the manifest fixes (grid, V or D), so a
 * bundle whose graph disagrees with its own manifest is caught before any session is created.
 */
import { Checker, isObject, type Json } from './checker';
import { renderValue } from './issues';
import type { TensorSpec } from './types';
import { EXACT_VARIANT } from './vision-graphs';

/** What the model checks need from the rest of the manifest; undefined = not known (already reported). */
export interface ManifestContext {
  kind?: 'lexical' | 'dense';
  inputSize?: [number, number];
  grid?: [number, number];
  /** Output width: V (lexical) or D (dense), and how to name it in messages. */
  width?: number;
  widthLabel: string;
  /** Every path the manifest references, with the field naming it (checked against files[]). */
  refs: Array<{ path: string; field: string }>;
}

/** Checks an OnnxModelSpec's file, externalData and weights; records the paths; returns the file. */
function checkOnnxSpec(ck: Checker, m: Json, field: string, ctx: ManifestContext, weights: readonly string[] = ['fp32', 'fp16']): string | undefined {
  const file = ck.path(m, 'file', `${field}.file`);
  if (file !== undefined) ctx.refs.push({ path: file, field: `${field}.file` });
  const ext = m.externalData;
  if (ext !== undefined) {
    if (!Array.isArray(ext)) ck.fail(`${field}.externalData`, ext, 'an array of paths');
    else
      ext.forEach((_, i) => {
        const p = ck.path(ext as unknown as Json, String(i), `${field}.externalData[${i}]`);
        if (p !== undefined) ctx.refs.push({ path: p, field: `${field}.externalData[${i}]` });
      });
  }
  ck.oneOf(m, 'weights', `${field}.weights`, weights);
  return file;
}

/** A variant's name: what `?variant=` and the model panel call it. */
const VARIANT_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * vision.variants: optional; each a graph of its own (file, externalData, weights, with int8
 * allowed) sharing vision's input and outputs, under a unique name, in a file of its own.
 */
function checkVariants(ck: Checker, v: Json, exactFile: string | undefined, ctx: ManifestContext): void {
  const list = v.variants;
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length === 0) {
    ck.fail('vision.variants', list, 'a non-empty array of { name, file, weights } (faster graphs with the same input and outputs), or no variants field');
    return;
  }
  const names = new Map<string, number>();
  const files = new Map<string, string>(exactFile !== undefined ? [[exactFile, 'vision.file']] : []);
  list.forEach((item, i) => {
    const field = `vision.variants[${i}]`;
    if (!isObject(item)) {
      ck.fail(field, item, 'an object { name, file, weights }');
      return;
    }
    const name = ck.str(item, 'name', `${field}.name`, { nonEmpty: true });
    if (name !== undefined) {
      const first = names.get(name);
      if (!VARIANT_NAME.test(name)) ck.fail(`${field}.name`, name, 'lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (the page URL names it: ?variant=)');
      else if (name === EXACT_VARIANT) ck.fail(`${field}.name`, name, `another name ("${EXACT_VARIANT}" means vision.file, the graph the variants approximate)`);
      else if (first !== undefined) ck.fail(`${field}.name`, name, `a name no other variant has (vision.variants[${first}] is "${name}" too)`);
      else names.set(name, i);
    }
    const file = checkOnnxSpec(ck, item, field, ctx, ['fp32', 'fp16', 'int8']);
    if (file !== undefined) {
      const other = files.get(file);
      if (other !== undefined) ck.fail(`${field}.file`, file, `a graph file of its own (${other} is "${file}" too)`);
      else files.set(file, `${field}.file`);
    }
    ck.str(item, 'note', `${field}.note`, { required: false });
  });
}

const dims = (shape: TensorSpec['shape']) => renderValue(shape);
const isBatch = (d: number | string) => d === 1 || typeof d === 'string';

/** Checks shape = [batch, ...rest] with rest numeric and equal to `want` (undefined entries: unknown). */
function checkShape(ck: Checker, t: TensorSpec | undefined, field: string, want: Array<number | undefined>, why: string): void {
  if (!t) return;
  const s = t.shape;
  const expected = `[1,${want.map((w) => w ?? '?').join(',')}] (${why})`;
  if (s.length !== want.length + 1) {
    ck.fail(`${field}.shape`, s, `${want.length + 1} dimensions ${expected}`, { rendered: dims(s) });
    return;
  }
  const ok = isBatch(s[0]) && want.every((w, i) => (w === undefined ? typeof s[i + 1] === 'number' : s[i + 1] === w));
  if (!ok) ck.fail(`${field}.shape`, s, expected, { rendered: dims(s) });
}

export function checkVision(ck: Checker, root: Json, ctx: ManifestContext): void {
  const v = ck.obj(root, 'vision', 'vision');
  if (!v) return;
  const file = checkOnnxSpec(ck, v, 'vision', ctx);
  checkVariants(ck, v, file, ctx);

  const input = ck.tensor(v, 'input', 'vision.input', ['float32']);
  if (input) {
    const s = input.shape;
    if (s.length !== 4) ck.fail('vision.input.shape', s, '4 dimensions [1,3,H,W]', { rendered: dims(s) });
    else if (ctx.inputSize) {
      const [h, w] = ctx.inputSize;
      if (!isBatch(s[0]) || s[1] !== 3 || s[2] !== h || s[3] !== w) {
        ck.fail('vision.input.shape', s, `[1,3,${h},${w}] (3 colour channels, H and W = preprocess.inputSize)`, { rendered: dims(s) });
      }
    }
  }

  const outputs = ck.obj(v, 'outputs', 'vision.outputs');
  if (!outputs) return;
  if (outputs.patch === undefined && outputs.patchTopK === undefined) {
    ck.fail('vision.outputs', outputs, 'a "patch" or "patchTopK" output', { rendered: `{${Object.keys(outputs).join(',')}}` });
  }
  const patches = ctx.grid ? ctx.grid[0] * ctx.grid[1] : undefined;
  const patchWhy = `patches = grid ${ctx.grid ? ctx.grid.join('x') : '?'}, width = ${ctx.widthLabel}`;
  const patch = ck.tensor(outputs, 'patch', 'vision.outputs.patch', ['float32'], false);
  checkShape(ck, patch, 'vision.outputs.patch', [patches, ctx.width], patchWhy);
  const global = ck.tensor(outputs, 'global', 'vision.outputs.global', ['float32'], false);
  checkShape(ck, global, 'vision.outputs.global', [ctx.width], `width = ${ctx.widthLabel}`);

  const top = ck.obj(outputs, 'patchTopK', 'vision.outputs.patchTopK', false);
  if (!top) return;
  if (ctx.kind === 'dense') {
    ck.fail('vision.outputs.patchTopK', top, 'no patchTopK in a dense bundle (top-k applies to lexical scores; use "patch")', { rendered: 'present' });
  }
  const k = ck.int(top, 'k', 'vision.outputs.patchTopK.k');
  if (k !== undefined && ctx.width !== undefined && k > ctx.width) {
    ck.fail('vision.outputs.patchTopK.k', k, `at most ${ctx.widthLabel}`);
  }
  const values = ck.tensor(top, 'values', 'vision.outputs.patchTopK.values', ['float32']);
  checkShape(ck, values, 'vision.outputs.patchTopK.values', [patches, k], `patches = grid ${ctx.grid ? ctx.grid.join('x') : '?'}, k`);
  const indices = ck.tensor(top, 'indices', 'vision.outputs.patchTopK.indices', ['int64', 'int32']);
  checkShape(ck, indices, 'vision.outputs.patchTopK.indices', [patches, k], `patches = grid ${ctx.grid ? ctx.grid.join('x') : '?'}, k`);
}

export function checkText(ck: Checker, root: Json, ctx: ManifestContext): void {
  const t = ck.obj(root, 'text', 'text');
  if (!t) return;
  const mode = ck.oneOf(t, 'mode', 'text.mode', ['onnx', 'precomputed', 'lookup'] as const);
  const ref = (key: string, required: boolean) => {
    const p = ck.path(t, key, `text.${key}`, required);
    if (p !== undefined) ctx.refs.push({ path: p, field: `text.${key}` });
  };
  if (mode === 'onnx') {
    const m = ck.obj(t, 'model', 'text.model');
    if (m) {
      checkOnnxSpec(ck, m, 'text.model', ctx);
      const inputs = ck.obj(m, 'inputs', 'text.model.inputs');
      if (inputs) {
        for (const key of ['ids', 'mask']) {
          const spec = ck.tensor(inputs, key, `text.model.inputs.${key}`, ['int64', 'int32'], key === 'ids');
          if (spec && spec.shape.length !== 2) {
            ck.fail(`text.model.inputs.${key}.shape`, spec.shape, '2 dimensions [batch, sequence]', { rendered: dims(spec.shape) });
          }
        }
      }
      const out = ck.tensor(m, 'output', 'text.model.output', ['float32']);
      checkShape(ck, out, 'text.model.output', [ctx.width], `width = ${ctx.widthLabel}`);
    }
    ref('tokenizer', true);
    ck.int(t, 'maxLength', 'text.maxLength');
  } else if (mode === 'precomputed') {
    ref('file', true);
    ref('tokenizer', false);
  } else if (mode === 'lookup') {
    if (ctx.kind === 'dense') {
      ck.fail('text.mode', mode, '"onnx" or "precomputed" for a dense bundle (lookup maps words to vocabulary entries, which a dense bundle has not)');
    }
    ref('tokenizer', true);
  }
}
