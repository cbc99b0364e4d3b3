/**
 * A cheap "is this an ONNX model?" check on the first bytes, so that a wrong file (an HTML
 * error page saved as model.onnx, a zip, a JSON) is reported by name before onnxruntime
 * fails with an opaque parse error.
 *
 * An ONNX file is a protobuf ModelProto: a sequence of (tag, value) fields. We walk the first
 * few fields and require each to be a known ModelProto field with its proper wire type
 * (torch.onnx.export starts with ir_version: tag 0x08, then a small varint).
 */

/** ModelProto field number -> protobuf wire type (0 varint, 2 length-delimited). */
const MODEL_FIELDS: Record<number, number> = {
  1: 0, // ir_version
  2: 2, // producer_name
  3: 2, // producer_version
  4: 2, // domain
  5: 0, // model_version
  6: 2, // doc_string
  7: 2, // graph
  8: 2, // opset_import
  14: 2, // metadata_props
  20: 2, // training_info
  25: 2, // functions
  26: 2, // configuration (onnx >= 1.18)
};

function readVarint(b: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = at; i < b.length && i < at + 10; i++) {
    value += (b[i] & 0x7f) * scale;
    scale *= 128;
    if ((b[i] & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

/** How a non-ONNX file starts, in words, for the issue's `found`. */
export function describeStart(b: Uint8Array): string {
  if (b.length === 0) return 'nothing (an empty file)';
  const head = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  const first = String.fromCharCode(b[0]);
  const text = Array.from(b.subarray(0, 64)).every((x) => x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127));
  let what = '';
  if (b[0] === 0x50 && b[1] === 0x4b) what = ', a zip archive';
  else if (first === '<') what = ', text: HTML or XML';
  else if (first === '{' || first === '[') what = ', text: JSON';
  else if (text) what = ', text';
  return `bytes ${head}${what}`;
}

/**
 * null when `bytes` (the start of a file, or all of it) begins like an ONNX ModelProto;
 * otherwise a description of what it starts with.
 * @param totalSize the whole file's size, to tell a field running past the end (truncation).
 */
export function onnxHeaderProblem(bytes: Uint8Array, totalSize = bytes.length): string | null {
  let at = 0;
  // A number cut by the end of the head (not of the file) says nothing: the head simply ends there.
  const cut = (from: number) => bytes.length < totalSize && from + 10 > bytes.length;
  for (let fields = 0; fields < 8 && at < bytes.length; fields++) {
    const tag = readVarint(bytes, at);
    if (!tag) return cut(at) ? null : describeStart(bytes);
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (MODEL_FIELDS[field] !== wire) return describeStart(bytes);
    const val = readVarint(bytes, tag.next);
    if (!val) return cut(tag.next) ? null : describeStart(bytes);
    if (field === 1 && (val.value < 1 || val.value > 100)) return describeStart(bytes);
    at = wire === 0 ? val.next : val.next + val.value;
    if (at > totalSize) return `${describeStart(bytes)} (a field runs past the end of the file: truncated?)`;
  }
  return at === 0 ? describeStart(bytes) : null;
}
