/**
 * The parts of onnx.proto (onnx 1.18) that src/bundle/onnx-model.ts walks: each message's fields
 * with the kind they are written as, and the tensor element types with their names and sizes.
 */
import { WIRE_I32, WIRE_I64, WIRE_VARINT } from './protobuf';

export type Msg = 'Model' | 'Graph' | 'Node' | 'Attribute' | 'Tensor' | 'ValueInfo' | 'Type' | 'TensorType' | 'Shape' | 'Dim' | 'OpsetId' | 'Entry';
export type Kind = 'varint' | 'i32' | 'i64' | 'bytes' | Msg;
/** [field name, kind, true when repeated numbers may come packed]. */
export type Spec = readonly [string, Kind, boolean?];

/** onnx.proto (onnx 1.18), the messages walked. Fields not listed are accepted (a newer onnx may add some). */
export const SCHEMA: Record<Msg, Record<number, Spec>> = {
  Model: {
    1: ['ir_version', 'varint'], 2: ['producer_name', 'bytes'], 3: ['producer_version', 'bytes'], 4: ['domain', 'bytes'],
    5: ['model_version', 'varint'], 6: ['doc_string', 'bytes'], 7: ['graph', 'Graph'], 8: ['opset_import', 'OpsetId'],
    14: ['metadata_props', 'Entry'], 20: ['training_info', 'bytes'], 25: ['functions', 'bytes'], 26: ['configuration', 'bytes'],
  },
  Graph: {
    1: ['node', 'Node'], 2: ['name', 'bytes'], 5: ['initializer', 'Tensor'], 15: ['sparse_initializer', 'bytes'],
    10: ['doc_string', 'bytes'], 11: ['input', 'ValueInfo'], 12: ['output', 'ValueInfo'], 13: ['value_info', 'ValueInfo'],
    14: ['quantization_annotation', 'bytes'], 16: ['metadata_props', 'Entry'],
  },
  Node: {
    1: ['input', 'bytes'], 2: ['output', 'bytes'], 3: ['name', 'bytes'], 4: ['op_type', 'bytes'], 5: ['attribute', 'Attribute'],
    6: ['doc_string', 'bytes'], 7: ['domain', 'bytes'], 8: ['overload', 'bytes'], 9: ['metadata_props', 'Entry'], 10: ['device_configurations', 'bytes'],
  },
  Attribute: {
    1: ['name', 'bytes'], 21: ['ref_attr_name', 'bytes'], 13: ['doc_string', 'bytes'], 20: ['type', 'varint'], 2: ['f', 'i32'],
    3: ['i', 'varint'], 4: ['s', 'bytes'], 5: ['t', 'Tensor'], 6: ['g', 'Graph'], 22: ['sparse_tensor', 'bytes'], 14: ['tp', 'bytes'],
    7: ['floats', 'i32', true], 8: ['ints', 'varint', true], 9: ['strings', 'bytes'], 10: ['tensors', 'Tensor'], 11: ['graphs', 'Graph'],
    23: ['sparse_tensors', 'bytes'], 15: ['type_protos', 'bytes'],
  },
  Tensor: {
    1: ['dims', 'varint', true], 2: ['data_type', 'varint'], 3: ['segment', 'bytes'], 4: ['float_data', 'i32', true],
    5: ['int32_data', 'varint', true], 6: ['string_data', 'bytes'], 7: ['int64_data', 'varint', true], 8: ['name', 'bytes'],
    12: ['doc_string', 'bytes'], 9: ['raw_data', 'bytes'], 13: ['external_data', 'Entry'], 14: ['data_location', 'varint'],
    10: ['double_data', 'i64', true], 11: ['uint64_data', 'varint', true], 16: ['metadata_props', 'Entry'],
  },
  ValueInfo: { 1: ['name', 'bytes'], 2: ['type', 'Type'], 3: ['doc_string', 'bytes'], 4: ['metadata_props', 'Entry'] },
  Type: {
    1: ['tensor_type', 'TensorType'], 4: ['sequence_type', 'bytes'], 5: ['map_type', 'bytes'], 9: ['optional_type', 'bytes'],
    8: ['sparse_tensor_type', 'bytes'], 6: ['denotation', 'bytes'],
  },
  TensorType: { 1: ['elem_type', 'varint'], 2: ['shape', 'Shape'] },
  Shape: { 1: ['dim', 'Dim'] },
  Dim: { 1: ['dim_value', 'varint'], 2: ['dim_param', 'bytes'], 3: ['denotation', 'bytes'] },
  OpsetId: { 1: ['domain', 'bytes'], 2: ['version', 'varint'] },
  Entry: { 1: ['key', 'bytes'], 2: ['value', 'bytes'] },
};

export const WIRE_OF: Record<'varint' | 'i32' | 'i64', number> = { varint: WIRE_VARINT, i32: WIRE_I32, i64: WIRE_I64 };
export const isMsg = (k: Kind): k is Msg => k !== 'varint' && k !== 'i32' && k !== 'i64' && k !== 'bytes';

/** TensorProto.DataType -> name, as the manifest writes dtypes where it can. */
const TYPE_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16',
  11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16', 17: 'float8e4m3fn',
  18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4', 23: 'float4e2m1', 24: 'float8e8m0',
  25: 'uint2', 26: 'int2',
};
/** Bits per element, for the size of raw_data (string tensors have none). */
export const TYPE_BITS: Record<number, number> = {
  1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16,
  17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4, 24: 8, 25: 2, 26: 2,
};

export function onnxTypeName(elemType: number): string {
  return TYPE_NAMES[elemType] ?? `element type ${elemType}`;
}
