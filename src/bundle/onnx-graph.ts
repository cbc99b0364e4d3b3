/**
 * An ONNX graph against its manifest: every input and output the manifest names exists in the
 * graph with the same element type and shape, the graph needs no input the manifest does not name,
 * external weights point at the files the manifest lists, and the IR version and operator sets
 * are ones onnxruntime-web 1.30 loads. The CLI, the validator and the app's load (before a model
 * is declared ready) all check a graph here, so they report a graph with the same words.
 */
import { makeIssue } from './issues';
import { readOnnxModel, onnxTypeName, type OnnxModelInfo, type OnnxValue } from './onnx-model';
import { relativeToModel } from './paths';
import { WireError, type ByteRange } from './protobuf';
import type { BundleIssue, Manifest, TensorDType, TensorSpec } from './types';
import { visionGraphs } from './vision-graphs';

/**
 * What onnxruntime-web 1.30 (and onnxruntime-node 1.30, the same core) loads: a newer IR version
 * or operator set is refused with "Unsupported model IR version" or "ONNX Runtime only guarantees
 * support for models stamped with official released onnx opset versions". Measured, not read off
 * a release note: cli/onnx-limits.test.ts loads a graph at each limit and one past it.
 */
export const ORT_LIMITS = {
  runtime: 'onnxruntime-web 1.30',
  irVersion: 13,
  opsets: { 'ai.onnx': 26, 'ai.onnx.ml': 5 } as Record<string, number>,
};

const DTYPE_CODES: Record<TensorDType, number> = { float32: 1, float16: 10, int64: 7, int32: 6 };

export interface GraphTensor {
  spec: TensorSpec;
  /** Where the manifest names it, e.g. "vision.outputs.patch". */
  field: string;
  /** Where its width comes from, for output messages, e.g. "23 = vocabulary.size". */
  note?: string;
}

/** One graph of a bundle and what its manifest says about it. */
export interface GraphExpectation {
  file: string;
  /** "vision", "vision.variants[i]" or "text.model". */
  field: string;
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  /** The manifest's externalData for this graph, with their listed sizes. */
  externalData: Array<{ path: string; bytes: number | undefined }>;
}

export function graphExpectations(m: Manifest): GraphExpectation[] {
  const size = (p: string) => m.files.find((f) => f.path === p)?.bytes;
  const width = m.kind === 'lexical' ? `${m.vocabulary?.size} = vocabulary.size` : `${m.embeddingDim} = embeddingDim`;
  const v = m.vision;
  const out: GraphTensor[] = [];
  if (v.outputs.patch) out.push({ spec: v.outputs.patch, field: 'vision.outputs.patch', note: width });
  if (v.outputs.patchTopK) {
    out.push({ spec: v.outputs.patchTopK.values, field: 'vision.outputs.patchTopK.values' });
    out.push({ spec: v.outputs.patchTopK.indices, field: 'vision.outputs.patchTopK.indices' });
  }
  if (v.outputs.global) out.push({ spec: v.outputs.global, field: 'vision.outputs.global', note: width });
  // Variants share vision's input and outputs (docs/bundle-format.md "Variants"): each graph is
  // held to the same tensors, so any of them can be run in place of the exact one.
  const graphs: GraphExpectation[] = visionGraphs(m).map((g) => ({
    file: g.file,
    field: g.field,
    inputs: [{ spec: v.input, field: 'vision.input' }],
    outputs: out,
    externalData: g.externalData.map((p) => ({ path: p, bytes: size(p) })),
  }));
  if (m.text.mode === 'onnx') {
    const t = m.text.model;
    graphs.push({
      file: t.file,
      field: 'text.model',
      inputs: [{ spec: t.inputs.ids, field: 'text.model.inputs.ids' }, ...(t.inputs.mask ? [{ spec: t.inputs.mask, field: 'text.model.inputs.mask' }] : [])],
      outputs: [{ spec: t.output, field: 'text.model.output', note: width }],
      externalData: (t.externalData ?? []).map((p) => ({ path: p, bytes: size(p) })),
    });
  }
  return graphs;
}

/** Reads the graph (from memory, or a window at a time) and lists every disagreement with the manifest. */
export async function checkGraph(src: Uint8Array | (ByteRange & { window?: number }), g: GraphExpectation): Promise<BundleIssue[]> {
  let info: OnnxModelInfo;
  try {
    info = await readOnnxModel(src, src instanceof Uint8Array ? undefined : src.window);
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    const found = `${e.field}: ${e.what} (at byte ${e.at})`;
    return [
      makeIssue(g.file, '(structure)', found, 'a complete ONNX ModelProto', `${g.file}: not a readable ONNX model: ${found}; the file is truncated or corrupted`),
    ];
  }
  return graphIssues(info, g);
}

const quoted = (names: string[]) => (names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', '));
const renderShape = (s: ReadonlyArray<number | string | null>) => `[${s.map((d) => (d === null ? '?' : typeof d === 'string' ? JSON.stringify(d) : d)).join(',')}]`;

export function graphIssues(info: OnnxModelInfo, g: GraphExpectation): BundleIssue[] {
  const issues: BundleIssue[] = [];
  const fail = (field: string, found: string, expected: string, message = `${g.file}: ${field} is ${found}, expected ${expected}`) =>
    issues.push(makeIssue(g.file, field, found, expected, message));
  const { runtime, irVersion } = ORT_LIMITS;
  if (info.irVersion !== null && info.irVersion > irVersion) {
    fail('ir_version', String(info.irVersion), `at most ${irVersion} (the newest ONNX IR version ${runtime} loads; export again with an older onnx, or lower the model's ir_version)`);
  }
  if (info.opsets.length === 0) {
    fail('opset_import', 'empty', 'an entry for the "ai.onnx" operator set (onnxruntime refuses a model without one)');
  }
  for (const { domain, version } of info.opsets) {
    const name = domain === '' ? 'ai.onnx' : domain;
    const max = ORT_LIMITS.opsets[name];
    if (max !== undefined && version > max) {
      fail(`opset_import "${name}"`, String(version), `at most ${max} (the newest "${name}" operator set ${runtime} runs; export with opset_version=${max} or lower)`);
    }
  }

  const inputNames = info.inputs.map((i) => i.name);
  for (const t of g.inputs) compare('input', info.inputs, inputNames, t, fail);
  const named = new Set(g.inputs.map((t) => t.spec.name));
  for (const i of info.inputs) {
    if (named.has(i.name)) continue;
    const fields = g.inputs.map((t) => t.field).join(', ');
    fail(`graph input ${JSON.stringify(i.name)}`, 'not named in manifest.json', `every input the graph needs named there (${fields}), since the explorer feeds only those`,
      `${g.file}: graph input ${JSON.stringify(i.name)} is not named in manifest.json, expected every input the graph needs named there (${fields}), since the explorer feeds only those`);
  }
  const outputNames = info.outputs.map((o) => o.name);
  for (const t of g.outputs) compare('output', info.outputs, outputNames, t, fail);

  const external = new Map(g.externalData.map((e) => [relativeToModel(g.file, e.path), e]));
  for (const ref of info.externalData) {
    const listed = external.get(ref.location);
    if (!listed) {
      const paths = g.externalData.map((e) => relativeToModel(g.file, e.path));
      fail(`${ref.field} external data location`, JSON.stringify(ref.location),
        paths.length === 0
          ? `no external data: manifest.json ${g.field}.externalData lists no file (add the weight file there and to files[])`
          : `one of ${quoted(paths)} (${g.field}.externalData in manifest.json, relative to ${g.file})`);
      continue;
    }
    const end = ref.offset + (ref.length ?? 0);
    if (listed.bytes !== undefined && end > listed.bytes) {
      fail(`${ref.field} external data`, `bytes ${ref.offset}..${end} of ${listed.path}`, `at most ${listed.bytes} bytes (the size of ${listed.path} in files[] of manifest.json)`);
    }
  }
  return issues;
}

function compare(
  kind: 'input' | 'output',
  values: OnnxValue[],
  names: string[],
  t: GraphTensor,
  fail: (field: string, found: string, expected: string, message?: string) => void,
): void {
  const { spec, field } = t;
  const label = `graph ${kind} ${JSON.stringify(spec.name)}`;
  const v = values.find((x) => x.name === spec.name);
  if (!v) {
    fail(label, 'missing', `the ${kind} named by ${field}.name in manifest.json (the graph's ${kind}s: ${quoted(names)})`);
    return;
  }
  const where = `${field}.%s in manifest.json${t.note ? `; ${t.note}` : ''}`;
  if (v.type.kind !== 'tensor') {
    fail(label, `a ${v.type.kind}`, `a ${spec.dtype} tensor (${where.replace('%s', 'dtype')})`);
    return;
  }
  if (v.type.elemType !== DTYPE_CODES[spec.dtype]) {
    fail(`${label} element type`, onnxTypeName(v.type.elemType), `${spec.dtype} (${where.replace('%s', 'dtype')})`);
  }
  const shape = v.type.shape;
  if (shape !== null && !sameShape(shape, spec.shape)) {
    fail(`${label} shape`, renderShape(shape), `${renderShape(spec.shape)} (${where.replace('%s', 'shape')})`);
  }
}

/**
 * A graph dimension agrees with the manifest's when either is symbolic or unknown, or both are the
 * same number; a symbolic batch in the manifest takes a graph's 1 (the explorer feeds one image).
 */
function sameShape(graph: ReadonlyArray<number | string | null>, manifest: ReadonlyArray<number | string>): boolean {
  if (graph.length !== manifest.length) return false;
  return graph.every((d, i) => {
    const m = manifest[i];
    if (d === null || typeof d === 'string') return true;
    return typeof m === 'string' ? d === 1 : d === m;
  });
}
