/**
 * Per-axis resampling tables, the exact definitions of docs/preprocessing.md (mirrored in
 * train/lexvla/preprocess.py, which must stay identical operation by operation so the two agree
 * bit for bit before rounding).
 *
 * 'bilinear' is PIL's antialiased triangle filter: for output index i,
 *   scale = in/out, fs = max(scale, 1), support = fs,
 *   center = (i + 0.5) * scale,
 *   taps x in [max(floor(center - support + 0.5), 0), min(floor(center + support + 0.5), in)),
 *   w(x) = tri((x - center + 0.5) * (1 / fs)) with tri(t) = max(0, 1 - |t|), then w /= sum(w)
 *   (the sum taken in tap order).
 * 'nearest' is one tap with weight 1 at min(floor((i + 0.5) * scale), in - 1), like PIL NEAREST.
 */

type ResizeFilter = 'bilinear' | 'nearest';

export interface AxisTable {
  /** First input index of each output index. int32 [n] */
  start: Int32Array;
  /** Number of taps of each output index. int32 [n] */
  count: Int32Array;
  /** Weights, maxTaps per output index, zero-padded. float64 [n, maxTaps] */
  weights: Float64Array;
  maxTaps: number;
}

/** Tables for output indices first .. first + n - 1 of an inSize -> outSize resize. */
export function axisTable(inSize: number, outSize: number, filter: ResizeFilter, first: number, n: number): AxisTable {
  const scale = inSize / outSize;
  if (filter === 'nearest') {
    const start = new Int32Array(n);
    for (let i = 0; i < n; i++) start[i] = Math.min(Math.floor((first + i + 0.5) * scale), inSize - 1);
    return { start, count: new Int32Array(n).fill(1), weights: new Float64Array(n).fill(1), maxTaps: 1 };
  }
  const fs = Math.max(scale, 1);
  const support = fs;
  const ss = 1 / fs;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Float64Array(n * maxTaps);
  for (let i = 0; i < n; i++) {
    const center = (first + i + 0.5) * scale;
    const xmin = Math.max(Math.floor(center - support + 0.5), 0);
    const xmax = Math.min(Math.floor(center + support + 0.5), inSize);
    const taps = xmax - xmin;
    let total = 0;
    for (let k = 0; k < taps; k++) {
      const t = Math.abs((xmin + k - center + 0.5) * ss);
      const w = t < 1 ? 1 - t : 0;
      weights[i * maxTaps + k] = w;
      total += w;
    }
    if (total !== 0) for (let k = 0; k < taps; k++) weights[i * maxTaps + k] /= total;
    start[i] = xmin;
    count[i] = taps;
  }
  return { start, count, weights, maxTaps };
}

/** floor((2 * longer * edge + shorter) / (2 * shorter)): round-half-up of longer * edge / shorter, in integers. */
export function resizedSize(width: number, height: number, shortestEdge: number): [number, number] {
  if (width <= height) {
    return [shortestEdge, Math.floor((2 * height * shortestEdge + width) / (2 * width))];
  }
  return [Math.floor((2 * width * shortestEdge + height) / (2 * height)), shortestEdge];
}
