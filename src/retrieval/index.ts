/** Exact sparse and dense retrieval, galleries, recall@K and exports (pure; no DOM, no runtime). */
export { InvertedIndex, bruteForceSearch, type Hit } from './inverted-index';
export { DenseIndex } from './dense-index';
export { retrievalRecall, sparseSearcher, denseSearcher, type Searcher, type RecallResult } from './recall';
export { Gallery, type GalleryItem, type RetrievalKind, type RetrievalVector } from './gallery';
export { explainMatch, type Contribution } from './explain';
export { evaluateRetrieval, evaluateRetrievalMulti, type RetrievalEncoder, type MultiRetrievalEncoder, type EvaluateOptions } from './evaluate';
export { exportIndex, EXPORT_FORMATS, type ExportFormat, type ExportDoc, type IndexExport } from './export';
export { packSparse, unpackSparse, packDense, unpackDense, packedBytes, packedBuffers, type Packed, type PackedSparse, type PackedDense } from './packed';
