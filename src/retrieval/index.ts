/** Exact sparse and dense retrieval and recall@K (pure; no DOM, no runtime). */
export { InvertedIndex, bruteForceSearch, type Hit } from './inverted-index';
export { DenseIndex } from './dense-index';
export { retrievalRecall, sparseSearcher, denseSearcher, type Searcher, type RecallResult } from './recall';
