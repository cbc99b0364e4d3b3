/** The text-query slice: the queries on the current image and how "selected" patches are chosen. */
import type { TextQueryResult } from '../worker/protocol';

export interface QueryEntry {
  id: number;
  text: string;
  color: string;
  status: 'loading' | 'ready' | 'error';
  result: TextQueryResult | null;
  error: string | null;
  /** performance.now() when the newest request for it was sent (the UI times "query -> heatmap painted"). */
  requestedAt: number;
}

export interface QuerySelect {
  mode: 'topk' | 'threshold';
  /** Top-k patches by relevance. */
  k: number;
  /** Patches with relevance >= threshold. */
  threshold: number;
}

export interface QuerySlice {
  queries: { list: QueryEntry[]; focused: number | null; select: QuerySelect };
  addQuery(text: string): Promise<void>;
  removeQuery(id: number): void;
  focusQuery(id: number): void;
  setQuerySelect(patch: Partial<QuerySelect>): void;
  /** Re-runs every query on the current image. */
  refreshQueries(): Promise<void>;
  /**
   * The user is about to type text for the model (a query, class names, a retrieval search): the
   * worker opens the text side now, once per loaded model, so the first answer does not wait for it.
   */
  prepareText(): void;
}
