/**
 * PatchDis on one encoded image: the [patches, classes] similarity for either bundle kind,
 * the patch labels under a background threshold, and the IoU against ground truth.
 */
import { patchIoU, type IoUResult } from '../lexical/iou';
import { labelPatches, similarityDense, similarityLexical } from '../lexical/patchdis';
import type { SparseVector } from '../lexical/sparse';
import type { EncodedImage } from '../model/encode';
import { EngineError } from '../model/errors';
import type { EncodedClass } from './classes';

/** float32 [patches, classes]: <v_p, t_c> (lexical) or cosine(patch, class) (dense). */
export function classSimilarity(image: EncodedImage, classes: readonly EncodedClass[]): Float32Array {
  if (image.kind === 'lexical') {
    const vecs: SparseVector[] = classes.map((c) => {
      if (c.vector.kind !== 'lexical') throw new EngineError('internal', `class "${c.name}" has a dense text vector, expected a lexical one for a lexical bundle`);
      return c.vector.vector;
    });
    return similarityLexical(image.scores, vecs);
  }
  const D = image.dim;
  const flat = new Float32Array(classes.length * D); // float32 [classes, D]
  classes.forEach((c, i) => {
    if (c.vector.kind !== 'dense') throw new EngineError('internal', `class "${c.name}" has a lexical text vector, expected a dense one for a dense bundle`);
    flat.set(c.vector.vector, i * D);
  });
  return similarityDense(image.patches, flat, D);
}

interface ImageLabels {
  /** int32 [patches]: -1 background, c = classes[c]. */
  labels: Int32Array;
  /** Per-class IoU and mIoU when ground truth was given. */
  iou: IoUResult | null;
}

export function labelImage(image: EncodedImage, classes: readonly EncodedClass[], threshold: number, gt: Int32Array | null): ImageLabels {
  const labels = labelPatches(classSimilarity(image, classes), classes.length, threshold);
  return { labels, iou: gt ? patchIoU(labels, gt, classes.length) : null };
}
