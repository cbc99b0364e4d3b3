/**
 * A ground-truth mask file -> patch labels, with the checks a user-supplied file needs.
 * The browser (uploaded mask, evaluation-set item) and the CLI both go through here, so the
 * same file gives the same labels and the same error text everywhere (docs/patchdis.md).
 */
import { maskToPatchLabels } from '../lexical/patchdis';
import { EngineError } from '../model/errors';
import { alignMask, decodeMask, type ClassMask } from '../model/mask';

interface MaskGeometry {
  /** Size of the image the mask belongs to. */
  original: { width: number; height: number };
  /** The model's input crop in original-image pixels. */
  crop: { x: number; y: number; width: number; height: number };
}

/** Decodes and checks a class-index PNG: readable, grayscale, the image's size, values 0..C. */
export function readMask(bytes: Uint8Array, file: string, image: MaskGeometry & { name: string }, numClasses: number): ClassMask {
  let mask: ClassMask;
  try {
    mask = decodeMask(bytes, file);
  } catch (e) {
    throw new EngineError('bad-mask', (e as Error).message);
  }
  const { width, height } = image.original;
  if (mask.width !== width || mask.height !== height) {
    throw new EngineError('bad-mask', `${file}: mask is ${mask.width} x ${mask.height}, expected the size of ${image.name} (${width} x ${height})`);
  }
  // Every pixel, not only the sampled ones: a stray value means the class list does not fit the mask.
  for (let i = 0; i < mask.data.length; i++) {
    const v = mask.data[i];
    if (v > numClasses) {
      throw new EngineError(
        'bad-mask',
        `${file}: pixel (${i % mask.width}, ${Math.floor(i / mask.width)}) has class index ${v}, expected 0 (background) or 1..${numClasses} (the class list has ${numClasses} ${numClasses === 1 ? 'class' : 'classes'})`,
      );
    }
  }
  return mask;
}

/**
 * Mask -> int32 [rows * cols] patch labels (-1 background, c = classes[c]): nearest-neighbour
 * into the model's input crop (alignMask), then a majority vote per patch (maskToPatchLabels).
 */
export function maskPatchLabels(
  mask: ClassMask,
  geometry: MaskGeometry,
  inputSize: [number, number], // [H, W]
  grid: [number, number],
  numClasses: number,
): Int32Array {
  const [H, W] = inputSize;
  const aligned = alignMask(mask, geometry.crop, W, H);
  return maskToPatchLabels(aligned.data, W, H, grid, numClasses);
}
