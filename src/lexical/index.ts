/** Sparse lexical vectors, patch scores, PatchDis and its IoU (pure; no DOM, no runtime). */
export * from './sparse';
export { selectTopK, selectTopKHeap } from './select';
export { PatchScores } from './patch-scores';
export { similarityLexical, similarityDense, labelPatches, maskToPatchLabels } from './patchdis';
export { IoUAccumulator, patchIoU, type ClassIoU, type IoUResult } from './iou';
