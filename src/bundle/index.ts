/**
 * The bundle format v1: types, validation, sources and loaders (pure; browser-safe).
 * sourceFromDir lives in './node-source' so that browser bundles never import node:fs.
 */
export * from './types';
export { validateManifest, type ManifestResult } from './validate-manifest';
export { validateBundle } from './validate-bundle';
export { formatIssues, renderValue, BundleError } from './issues';
export { bundlePathProblem } from './paths';
export { checkHashes, pinsEveryFile, sha256Hex, verifying } from './integrity';
export { onnxHeaderProblem } from './onnx-header';
export { sourceFromFiles, sourceFromMemory, type BundleSource, type ProgressFn } from './source';
export { sourceFromZip } from './source-zip';
export { sourceFromUrl } from './source-url';
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
