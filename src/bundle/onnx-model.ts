/**
 * What an ONNX file declares, read from its protobuf (onnx.proto, ModelProto): the IR version,
 * the operator sets, the graph's inputs and outputs with their element types and shapes, and the
 * external-data references of its weights. Every field of the model, its graph, nodes, attributes
 * and tensors is walked and checked for structure (known fields with their wire types, lengths
 * inside their message, raw weight data of the size its dimensions give), so a file cut short or
 * corrupted in its structure is named here rather than by onnxruntime's "protobuf parsing failed".
 * Weight bytes themselves are skipped by their length: only `files[].sha256` can vouch for them.
 */
import { isMsg, onnxTypeName, SCHEMA, TYPE_BITS, WIRE_OF, type Msg, type Spec } from './onnx-schema';
import { Cursor, fieldHead, MAX_HEAD, text, WIRE_LEN, WIRE_VARINT, WireError, type ByteRange, type FieldHead } from './protobuf';

export { onnxTypeName };

export interface OnnxTensorType {
  kind: 'tensor';
  /** TensorProto.DataType: 1 float32, 10 float16, 7 int64, 6 int32, ... (onnxTypeName). */
  elemType: number;
  /** Dimensions: a number, a symbolic name, or null (unknown); null for an unknown rank. */
  shape: Array<number | string | null> | null;
}

export interface OnnxValue {
  name: string;
  type: OnnxTensorType | { kind: 'sequence' | 'map' | 'optional' | 'sparse tensor' | 'unknown' };
}

export interface OnnxExternalRef {
  /** The initializer's name and where it is in the graph, for messages. */
  tensor: string;
  field: string;
  location: string;
  offset: number;
  length: number | null;
}

export interface OnnxModelInfo {
  irVersion: number | null;
  opsets: Array<{ domain: string; version: number }>;
  /** Graph inputs a caller must feed: graph.input without the initializers (which have defaults). */
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  externalData: OnnxExternalRef[];
}

/** A field's spec, after checking that its wire type is the one its kind is written with. */
function specOf(msg: Msg, f: FieldHead, at: number, path: string): Spec | undefined {
  const spec = SCHEMA[msg][f.field];
  if (!spec) return undefined;
  const [name, kind, packable] = spec;
  const ok = kind === 'bytes' || isMsg(kind) ? f.wire === WIRE_LEN : f.wire === WIRE_OF[kind] || (packable === true && f.wire === WIRE_LEN);
  if (!ok) throw new WireError(path, at, `${name} (field ${f.field}) has wire type ${f.wire}, expected ${isMsg(kind) || kind === 'bytes' ? 2 : WIRE_OF[kind]}`);
  return spec;
}

/** "graph.initializer[3]": a field's place, counting repeated fields. */
function placeOf(path: string, name: string, counts: Map<string, number>): string {
  const i = counts.get(name) ?? 0;
  counts.set(name, i + 1);
  return `${path}.${name}[${i}]`;
}

/** Checks the structure of a message that is wholly in the window (no waiting). */
function walkSync(c: Cursor, msg: Msg, start: number, end: number, path: string): void {
  const counts = new Map<string, number>();
  for (let at = start; at < end; ) {
    const f = fieldHead(c, at, end, path);
    const spec = specOf(msg, f, at, path);
    if (spec && isMsg(spec[1]) && f.wire === WIRE_LEN) walkSync(c, spec[1], f.data, f.end, placeOf(path, spec[0], counts));
    at = f.end;
  }
}

/** A field handler: true when it took the field (the walk then goes on after it). */
type Hook = (f: FieldHead, spec: Spec, place: string) => Promise<boolean> | boolean;

/**
 * Checks the structure of a message of any size: sub-messages that fit in the window are walked
 * there at once, larger ones field by field, skipping payloads that are not messages.
 */
async function walk(c: Cursor, msg: Msg, start: number, end: number, path: string, hook?: Hook): Promise<void> {
  const counts = new Map<string, number>();
  for (let at = start; at < end; ) {
    if (!c.has(at, MAX_HEAD)) await c.fill(at, MAX_HEAD);
    const f = fieldHead(c, at, end, path);
    const spec = specOf(msg, f, at, path);
    if (spec && f.wire === WIRE_LEN && isMsg(spec[1])) {
      const place = placeOf(path, spec[0], counts);
      if (!(hook && (await hook(f, spec, place)))) await sub(c, spec[1], f, place);
    } else if (spec && hook) {
      await hook(f, spec, spec[0]);
    }
    at = f.end;
  }
}

async function sub(c: Cursor, msg: Msg, f: FieldHead, place: string): Promise<void> {
  if (f.value <= c.window) {
    if (!c.has(f.data, f.value)) await c.fill(f.data, f.value);
    walkSync(c, msg, f.data, f.end, place);
  } else {
    await walk(c, msg, f.data, f.end, place);
  }
}

/** A small message's fields, with the payload of each in the window. */
async function fieldsOf(c: Cursor, msg: Msg, f: FieldHead, place: string): Promise<Array<{ f: FieldHead; spec: Spec }>> {
  if (!c.has(f.data, f.value)) await c.fill(f.data, f.value);
  walkSync(c, msg, f.data, f.end, place);
  const out: Array<{ f: FieldHead; spec: Spec }> = [];
  for (let at = f.data; at < f.end; ) {
    const g = fieldHead(c, at, f.end, place);
    const spec = SCHEMA[msg][g.field];
    if (spec) out.push({ f: g, spec });
    at = g.end;
  }
  return out;
}

/** Reads what the file declares, checking its structure; throws a WireError naming the place of a problem. */
export async function readOnnxModel(src: ByteRange | Uint8Array, window = 1 << 20): Promise<OnnxModelInfo> {
  const c = src instanceof Uint8Array ? Cursor.over(src) : new Cursor(src, window);
  const info: OnnxModelInfo = { irVersion: null, opsets: [], inputs: [], outputs: [], externalData: [] };
  const inputs: OnnxValue[] = [];
  const initializers = new Set<string>();
  let graphs = 0;
  await walk(c, 'Model', 0, c.size, 'model', async (f, [name], place) => {
    if (name === 'ir_version') info.irVersion = f.value;
    else if (name === 'opset_import') {
      let domain = '';
      let version = 0;
      for (const { f: g, spec } of await fieldsOf(c, 'OpsetId', f, place)) {
        if (spec[0] === 'domain') domain = text(c, g);
        else if (spec[0] === 'version' && g.wire === WIRE_VARINT) version = g.value;
      }
      info.opsets.push({ domain, version });
    } else if (name === 'graph') {
      if (graphs++ > 0) throw new WireError(place, f.data, 'a second graph field (a file appended to another?)');
      await walk(c, 'Graph', f.data, f.end, 'graph', async (g, [field], gplace) => {
        if (field === 'input' || field === 'output') {
          (field === 'input' ? inputs : info.outputs).push(await valueInfo(c, g, gplace));
          return true;
        }
        if (field === 'initializer') {
          const t = await tensorHeader(c, g, gplace);
          initializers.add(t.name);
          info.externalData.push(...t.external);
          return true;
        }
        return false;
      });
    } else return false;
    return true;
  });
  if (graphs === 0) throw new WireError('model', c.size, 'no graph field (a ModelProto without its graph)');
  info.inputs = inputs.filter((i) => !initializers.has(i.name));
  return info;
}

async function valueInfo(c: Cursor, f: FieldHead, place: string): Promise<OnnxValue> {
  let name = '';
  let type: OnnxValue['type'] = { kind: 'unknown' };
  for (const { f: g, spec } of await fieldsOf(c, 'ValueInfo', f, place)) {
    if (spec[0] === 'name') name = text(c, g);
    else if (spec[0] === 'type') type = typeOf(c, g, place);
  }
  return { name, type };
}

/** Sub-fields of a LEN field already in the window and already checked. */
function* inWindow(c: Cursor, msg: Msg, f: FieldHead, place: string): Generator<{ g: FieldHead; name: string }> {
  for (let at = f.data; at < f.end; ) {
    const g = fieldHead(c, at, f.end, place);
    const spec = SCHEMA[msg][g.field];
    if (spec) yield { g, name: spec[0] };
    at = g.end;
  }
}

function typeOf(c: Cursor, f: FieldHead, place: string): OnnxValue['type'] {
  const kinds: Record<string, Exclude<OnnxValue['type'], OnnxTensorType>['kind']> = {
    sequence_type: 'sequence', map_type: 'map', optional_type: 'optional', sparse_tensor_type: 'sparse tensor',
  };
  for (const { g, name } of inWindow(c, 'Type', f, place)) {
    if (kinds[name]) return { kind: kinds[name] };
    if (name !== 'tensor_type') continue;
    let elemType = 0;
    let shape: OnnxTensorType['shape'] = null;
    for (const { g: h, name: n } of inWindow(c, 'TensorType', g, place)) {
      if (n === 'elem_type') elemType = h.value;
      else if (n === 'shape') {
        shape = [];
        for (const { g: d } of inWindow(c, 'Shape', h, place)) {
          let dim: number | string | null = null;
          for (const { g: v, name: dn } of inWindow(c, 'Dim', d, place)) {
            if (dn === 'dim_value') dim = v.value;
            else if (dn === 'dim_param') dim = text(c, v);
          }
          shape.push(dim);
        }
      }
    }
    return { kind: 'tensor', elemType, shape };
  }
  return { kind: 'unknown' };
}

/**
 * An initializer's name, type and dimensions, with the size of its raw data checked against
 * them, and its external-data reference if it has one. The raw data itself is skipped.
 */
async function tensorHeader(c: Cursor, f: FieldHead, place: string): Promise<{ name: string; external: OnnxExternalRef[] }> {
  let name = '';
  const dims: number[] = [];
  let dataType = 0;
  let raw: number | null = null;
  let rawAt = 0;
  let external = false;
  const entries: Array<[string, string]> = [];
  const hook: Hook = async (g, [field], gplace) => {
    if (g.wire === WIRE_LEN && field !== 'raw_data' && !c.has(g.data, g.value)) await c.fill(g.data, g.value);
    if (field === 'name') name = text(c, g);
    else if (field === 'data_type') dataType = g.value;
    else if (field === 'data_location') external = g.value === 1;
    else if (field === 'raw_data') {
      raw = g.value;
      rawAt = g.data;
    }
    else if (field === 'dims') {
      if (g.wire === WIRE_VARINT) dims.push(g.value);
      else for (let at = g.data; at < g.end; ) {
        const v = fieldHeadless(c, at, g.end, gplace);
        dims.push(v.value);
        at = v.next;
      }
    } else if (field === 'external_data') {
      let key = '';
      let value = '';
      for (const { g: e, name: n } of inWindow(c, 'Entry', g, gplace)) {
        if (n === 'key') key = text(c, e);
        else value = text(c, e);
      }
      entries.push([key, value]);
    } else return false;
    return true;
  };
  await walk(c, 'Tensor', f.data, f.end, place, hook);
  const label = `${place} (${JSON.stringify(name)})`;
  const bits = TYPE_BITS[dataType];
  if (!external && raw !== null && bits !== undefined) {
    const count = dims.reduce((a, b) => a * b, 1);
    const want = Math.ceil((count * bits) / 8);
    if (raw !== want) {
      throw new WireError(`${label}.raw_data`, rawAt, `${raw} bytes of weights, expected ${want} for ${onnxTypeName(dataType)} [${dims.join(',')}]`);
    }
  }
  if (!external) return { name, external: [] };
  const get = (k: string) => entries.find(([key]) => key === k)?.[1];
  const num = (v: string | undefined) => (v === undefined || !/^\d+$/.test(v) ? null : Number(v));
  return { name, external: [{ tensor: name, field: label, location: get('location') ?? '', offset: num(get('offset')) ?? 0, length: num(get('length')) }] };
}

/** A bare varint (inside a packed field), already in the window. */
function fieldHeadless(c: Cursor, at: number, end: number, path: string): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < Math.min(end, at + 10); i++) {
    const b = c.byte(i);
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new WireError(path, at, 'a packed number runs past the end of its field');
}
