/**
 * The bundle format v1: types, validation, sources and loaders (pure; browser-safe).
 * sourceFromDir lives in './node-source' so that browser bundles never import node:fs.
 */
export * from './types';
export { validateManifest, type ManifestResult } from './validate-manifest';
export { validateBundle } from './validate-bundle';
export { formatIssues, renderValue, escapeControl, BundleError } from './issues';
export { bundlePathProblem } from './paths';
export { checkHashes, pinsEveryFile, sha256Hex, verifying } from './integrity';
export { onnxHeaderProblem } from './onnx-header';
export { readOnnxModel, type OnnxModelInfo } from './onnx-model';
export { checkGraph, graphExpectations, ORT_LIMITS, type GraphExpectation } from './onnx-graph';
export { sourceFromFiles, sourceFromMemory, type BundleSource, type ProgressFn } from './source';
export { sourceFromZip, blobRange, ZIP_ENTRY_LIMIT } from './source-zip';
export { sourceFromUrl, fetchBytes, isZipUrl } from './source-url';
export { loadVocabulary, loadGallery, loadEvalSet, loadPrecomputedText, readJson } from './loaders';
export {
  parseVocabulary,
  parseTokenizer,
  parsePrecomputedText,
  parseGalleryIndex,
  parseEvalSet,
  type Parsed,
  type VocabularyJson,
  type PrecomputedTextJson,
} from './parse-files';
