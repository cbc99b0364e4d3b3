/**
 * A small ONNX writer for tests: ModelProto bytes in the field order torch.onnx.export writes
 * (ir_version, producer, graph { node, name, initializer, input, output }, opset_import), so that
 * broken graphs (a wrong shape, a newer IR version, a cut) can be made in a test without Python.
 * Graphs built from Expand of a constant run in onnxruntime: the outputs take the shapes given.
 */
const utf8 = new TextEncoder();

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const num = (field: number, v: number) => [...tag(field, 0), ...varint(v)];
const len = (field: number, payload: ArrayLike<number>) => [...tag(field, 2), ...varint(payload.length), ...Array.from(payload)];
const str = (field: number, s: string) => len(field, utf8.encode(s));

export const ELEM = { float32: 1, int32: 6, int64: 7, float16: 10 } as const;

export interface OnnxValueSpec {
  name: string;
  elemType: number;
  /** Numbers, symbolic names, or null for a dimension with neither. Omit for an unknown rank. */
  shape?: Array<number | string | null>;
}

export interface OnnxInitializerSpec {
  name: string;
  dataType: number;
  dims: number[];
  /** Defaults to zeros of the right size. */
  raw?: Uint8Array;
  external?: { location: string; offset: number; length: number };
}

export interface OnnxGraphSpec {
  irVersion?: number;
  opsets?: Array<[domain: string, version: number]>;
  inputs: OnnxValueSpec[];
  outputs: OnnxValueSpec[];
  initializers?: OnnxInitializerSpec[];
  nodes?: Array<{ op: string; inputs: string[]; outputs: string[] }>;
}

function valueInfo(v: OnnxValueSpec): number[] {
  const dims = v.shape?.map((d) => len(1, d === null ? [] : typeof d === 'number' ? num(1, d) : str(2, d)));
  const tensorType = [...num(1, v.elemType), ...(dims ? len(2, dims.flat()) : [])];
  return [...str(1, v.name), ...len(2, len(1, tensorType))];
}

const BYTES: Record<number, number> = { 1: 4, 6: 4, 7: 8, 10: 2 };

function initializer(t: OnnxInitializerSpec): number[] {
  const count = t.dims.reduce((a, b) => a * b, 1);
  const head = [...t.dims.flatMap((d) => num(1, d)), ...num(2, t.dataType), ...str(8, t.name)];
  if (t.external) {
    const entry = (k: string, v: string) => len(13, [...str(1, k), ...str(2, v)]);
    const { location, offset, length } = t.external;
    return [...head, ...entry('location', location), ...entry('offset', String(offset)), ...entry('length', String(length)), ...num(14, 1)];
  }
  return [...head, ...len(9, t.raw ?? new Uint8Array(count * (BYTES[t.dataType] ?? 4)))];
}

export function encodeOnnx(g: OnnxGraphSpec): Uint8Array {
  const nodes = (g.nodes ?? []).map((n) => len(1, [...n.inputs.flatMap((i) => str(1, i)), ...n.outputs.flatMap((o) => str(2, o)), ...str(4, n.op)]));
  const graph = [
    ...nodes.flat(),
    ...str(2, 'g'),
    ...(g.initializers ?? []).flatMap((t) => len(5, initializer(t))),
    ...g.inputs.flatMap((v) => len(11, valueInfo(v))),
    ...g.outputs.flatMap((v) => len(12, valueInfo(v))),
  ];
  const opsets = (g.opsets ?? [['', 17]]).flatMap(([domain, version]) => len(8, [...(domain ? str(1, domain) : []), ...num(2, version)]));
  return Uint8Array.from([...num(1, g.irVersion ?? 8), ...str(2, 'pytorch'), ...len(7, graph), ...opsets]);
}

/**
 * A runnable graph: each output is a float32 constant (1.0) expanded to `runShape` (default: its
 * declared shape), whatever the inputs hold. The inputs are declared and fed, but unused.
 */
export function constantGraph(spec: Omit<OnnxGraphSpec, 'nodes' | 'initializers'> & { runShapes?: Record<string, number[]> }): Uint8Array {
  const one = new Uint8Array(new Float32Array([1]).buffer);
  const initializers: OnnxInitializerSpec[] = [{ name: 'one', dataType: ELEM.float32, dims: [], raw: one }];
  const nodes: NonNullable<OnnxGraphSpec['nodes']> = [];
  for (const o of spec.outputs) {
    const shape = spec.runShapes?.[o.name] ?? (o.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
    const raw = new Uint8Array(new BigInt64Array(shape.map(BigInt)).buffer);
    initializers.push({ name: `${o.name}_shape`, dataType: ELEM.int64, dims: [shape.length], raw });
    nodes.push({ op: 'Expand', inputs: ['one', `${o.name}_shape`], outputs: [o.name] });
  }
  return encodeOnnx({ ...spec, initializers, nodes });
}
