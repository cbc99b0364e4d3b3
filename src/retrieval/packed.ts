/**
 * Many vectors in a few typed arrays: how galleries cross the worker boundary and sit in
 * IndexedDB. Lexical vectors stay sparse (CSR: offsets into shared indices/values), so a
 * gallery costs ~8 bytes per active word, not 4 * V per image.
 */
import type { SparseVector } from '../lexical/sparse';

export interface PackedSparse {
  kind: 'sparse';
  offsets: Uint32Array; // uint32 [n + 1]: vector i is entries offsets[i] .. offsets[i+1]
  indices: Uint32Array; // uint32 [nnz]
  values: Float32Array; // float32 [nnz]
}

export interface PackedDense {
  kind: 'dense';
  dim: number;
  data: Float32Array; // float32 [n, dim]
}

export type Packed = PackedSparse | PackedDense;

export function packSparse(vectors: SparseVector[]): PackedSparse {
  const offsets = new Uint32Array(vectors.length + 1);
  vectors.forEach((v, i) => (offsets[i + 1] = offsets[i] + v.indices.length));
  const nnz = offsets[vectors.length];
  const indices = new Uint32Array(nnz);
  const values = new Float32Array(nnz);
  vectors.forEach((v, i) => {
    indices.set(v.indices, offsets[i]);
    values.set(v.values, offsets[i]);
  });
  return { kind: 'sparse', offsets, indices, values };
}

/** Views into the packed arrays (no copies). */
export function unpackSparse(p: PackedSparse): SparseVector[] {
  const n = p.offsets.length - 1;
  const out: SparseVector[] = [];
  for (let i = 0; i < n; i++) {
    const a = p.offsets[i];
    const b = p.offsets[i + 1];
    if (b < a || b > p.indices.length) throw new RangeError(`packed vectors: offsets[${i + 1}] is ${b}, expected a value in [${a}, ${p.indices.length}]`);
    out.push({ indices: p.indices.subarray(a, b), values: p.values.subarray(a, b) });
  }
  return out;
}

export function packDense(vectors: Float32Array[], dim: number): PackedDense {
  const data = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new RangeError(`packed vectors: vector ${i} has ${v.length} values, expected dim = ${dim}`);
    data.set(v, i * dim);
  });
  return { kind: 'dense', dim, data };
}

export function unpackDense(p: PackedDense): Float32Array[] {
  if (p.dim <= 0 || p.data.length % p.dim !== 0) throw new RangeError(`packed vectors: ${p.data.length} values is not a multiple of dim = ${p.dim}`);
  return Array.from({ length: p.data.length / p.dim }, (_, i) => p.data.subarray(i * p.dim, (i + 1) * p.dim));
}

/** Bytes the packed arrays hold (for "gallery size" displays). */
export function packedBytes(p: Packed): number {
  return p.kind === 'sparse' ? p.offsets.byteLength + p.indices.byteLength + p.values.byteLength : p.data.byteLength;
}

/** The typed arrays' buffers, to transfer instead of copy. */
export function packedBuffers(p: Packed): ArrayBuffer[] {
  const arrays = p.kind === 'sparse' ? [p.offsets, p.indices, p.values] : [p.data];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
