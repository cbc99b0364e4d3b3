/**
 * How a worker request is declared: one row per request type in REQUESTS (protocol.ts, which
 * spreads in the rows of retrieval-protocol.ts and vocab-protocol.ts), as transformers.js
 * derives its pipelines from one SUPPORTED_TASKS table. A row carries the request's fields
 * (besides id and type) and its answer (besides id) as types; at run time it is empty, and only
 * the table's keys are read (worker.ts refuses any other type).
 */
interface Row<Fields, Answer extends { type: string }> {
  readonly fields?: Fields;
  readonly answer?: Answer;
}

/** A row of the request table: `row<Fields, Answer>()`. */
export function row<Fields, Answer extends { type: string }>(): Row<Fields, Answer> {
  return {};
}

/** What every request carries besides its fields: `{}` for a request that has none. */
export type NoFields = Record<never, never>;
