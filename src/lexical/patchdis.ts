/**
 * PatchDis (docs/method.md "PatchDis"): label every patch with the class whose text vector it
 * matches best, and bring ground-truth masks to the same patch resolution.
 *
 * One labelling function serves both bundle kinds: each kind only differs in how the
 * similarity matrix float32 [patches, classes] is computed (similarityLexical / similarityDense).
 *
 * Label convention everywhere here: -1 = background, c in 0..C-1 = classes[c]
 * (a mask pixel value k in 1..C, EvalSetJson's convention, becomes label k-1).
 */
import type { PatchScores } from './patch-scores';
import type { SparseVector } from './sparse';

/** <normalised v_p, t_c> for each patch p and class c: float32 [patches, classes]. */
export function similarityLexical(ps: PatchScores, classes: SparseVector[]): Float32Array {
  const C = classes.length;
  const out = new Float32Array(ps.patches * C);
  classes.forEach((t, c) => {
    const rel = ps.relevance(t); // float32 [patches]
    for (let p = 0; p < ps.patches; p++) out[p * C + c] = rel[p];
  });
  return out;
}

/**
 * Cosine similarity between patch embeddings and class embeddings: float32 [patches, classes].
 * Rows are normalised on copies (inputs are left untouched); a zero row has similarity 0.
 * @param patchEmb float32 [patches, D]
 * @param classEmb float32 [classes, D]
 */
export function similarityDense(patchEmb: Float32Array, classEmb: Float32Array, D: number): Float32Array {
  if (!Number.isInteger(D) || D <= 0 || patchEmb.length % D !== 0 || classEmb.length % D !== 0) {
    throw new RangeError(`similarityDense: D is ${D}, expected a positive integer dividing both lengths (${patchEmb.length}, ${classEmb.length})`);
  }
  const P = patchEmb.length / D;
  const C = classEmb.length / D;
  const pn = rowNorms(patchEmb, P, D);
  const cn = rowNorms(classEmb, C, D);
  const out = new Float32Array(P * C);
  for (let p = 0; p < P; p++) {
    for (let c = 0; c < C; c++) {
      if (pn[p] === 0 || cn[c] === 0) continue;
      let dot = 0;
      for (let d = 0; d < D; d++) dot += patchEmb[p * D + d] * classEmb[c * D + d];
      out[p * C + c] = dot / (pn[p] * cn[c]);
    }
  }
  return out;
}

function rowNorms(m: Float32Array, rows: number, D: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let d = 0; d < D; d++) ss += m[r * D + d] * m[r * D + d];
    out[r] = Math.sqrt(ss);
  }
  return out;
}

/**
 * Patch label = argmax_c similarity[p, c] (ties: lowest c); -1 (background) when that
 * maximum is below `backgroundThreshold`.
 * @param similarity float32 [patches, numClasses]
 * @returns int32 [patches]
 */
export function labelPatches(similarity: Float32Array, numClasses: number, backgroundThreshold: number): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses <= 0 || similarity.length % numClasses !== 0) {
    throw new RangeError(`labelPatches: numClasses is ${numClasses}, expected a positive integer dividing the similarity length ${similarity.length}`);
  }
  const P = similarity.length / numClasses;
  const out = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    let best = 0;
    let bestV = similarity[p * numClasses];
    for (let c = 1; c < numClasses; c++) {
      const v = similarity[p * numClasses + c];
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    out[p] = bestV < backgroundThreshold ? -1 : best;
  }
  return out;
}

/**
 * Ground-truth mask -> patch labels by majority vote inside each patch cell.
 *
 * The rule (also in docs/bundle-format.md, "PatchDis"):
 * - The mask must already be aligned with the model's input crop: it covers exactly the
 *   pixels the model saw (same resize + center crop), at any resolution width x height.
 * - Cell (r, c) of a [rows, cols] grid covers mask rows floor(r*height/rows) up to (but not
 *   including) floor((r+1)*height/rows), and likewise for columns, so every pixel falls in
 *   exactly one cell even when the size is not a multiple of the grid.
 * - The cell takes the class (value k in 1..C -> label k-1) with the most pixels; ties go to
 *   the lowest class index. Background (value 0 -> label -1) wins only when it has strictly
 *   more pixels than every class, so a tie between background and a class goes to the class.
 * @param mask class-index mask [height, width], row-major
 * @returns int32 [rows * cols]
 */
export function maskToPatchLabels(
  mask: Uint16Array | Uint8Array,
  width: number,
  height: number,
  grid: [number, number],
  numClasses: number,
): Int32Array {
  const [rows, cols] = grid;
  if (mask.length !== width * height) {
    throw new RangeError(`maskToPatchLabels: mask has ${mask.length} pixels, expected width x height = ${width} x ${height} = ${width * height}`);
  }
  if (width < cols || height < rows) {
    throw new RangeError(`maskToPatchLabels: mask is ${width} x ${height}, expected at least one pixel per cell of the ${rows} x ${cols} grid`);
  }
  const counts = new Uint32Array(numClasses + 1); // [background, class 1..C]
  const out = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const y0 = Math.floor((r * height) / rows);
    const y1 = Math.floor(((r + 1) * height) / rows);
    for (let c = 0; c < cols; c++) {
      const x0 = Math.floor((c * width) / cols);
      const x1 = Math.floor(((c + 1) * width) / cols);
      counts.fill(0);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = mask[y * width + x];
          if (v > numClasses) {
            throw new RangeError(`maskToPatchLabels: pixel (${x}, ${y}) has value ${v}, expected 0 (background) or a class 1..${numClasses}`);
          }
          counts[v]++;
        }
      }
      let best = 1;
      for (let k = 2; k <= numClasses; k++) if (counts[k] > counts[best]) best = k;
      out[r * cols + c] = numClasses === 0 || counts[0] > counts[best] ? -1 : best - 1;
    }
  }
  return out;
}
