/**
 * Scale-out: a gallery's sparse lexical vectors in the ingest format of a real search engine
 * (docs/search-engines.md). Each export is two files: the setup request body (index mapping or
 * collection config) and the documents (bulk NDJSON or points JSONL). Pure and deterministic.
 */
import type { SparseVector } from '../../lexical/sparse';
import { pointId } from './point-id';
import { sortedEntries, tokenKeys } from './tokens';

export type ExportFormat = 'elasticsearch' | 'opensearch' | 'qdrant';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['elasticsearch', 'opensearch', 'qdrant'];

export interface ExportDoc {
  id: string;
  /** Image path or file name, kept as payload so a hit can be shown. */
  image: string;
  captions: string[];
  vector: SparseVector;
}

interface ExportOptions {
  /** Index (Elasticsearch, OpenSearch) or collection (Qdrant) name. */
  index?: string;
  /** The sparse field (ES/OS) or named sparse vector (Qdrant). */
  field?: string;
}

interface ExportFile {
  name: string;
  mime: string;
  text: string;
}

export interface IndexExport {
  format: ExportFormat;
  /** Send first: PUT /<index> (ES/OS) or PUT /collections/<name> (Qdrant). */
  setup: ExportFile;
  /** Then the documents: POST /_bulk (ES/OS), or one point per line for PUT /collections/<name>/points. */
  data: ExportFile;
}

const json = (v: unknown) => JSON.stringify(v);

export function exportIndex(format: ExportFormat, docs: ExportDoc[], words: readonly string[], opts: ExportOptions = {}): IndexExport {
  const index = opts.index ?? 'lexvla';
  const field = opts.field ?? 'lexical';
  const ids = new Set<string>();
  for (const d of docs) {
    if (ids.has(d.id)) throw new Error(`export: document id ${JSON.stringify(d.id)} appears twice, expected unique ids`);
    ids.add(d.id);
  }
  if (format === 'qdrant') return qdrant(docs, index, field);
  if (format !== 'elasticsearch' && format !== 'opensearch') {
    throw new Error(`export: format is ${JSON.stringify(format)}, expected one of ${EXPORT_FORMATS.join(', ')}`);
  }
  const keys = tokenKeys(words);
  // Elasticsearch indexes learned sparse vectors in `sparse_vector`; OpenSearch in `rank_features`
  // (what its neural_sparse query searches). Both take { token: weight } objects and score by dot product,
  // but Elasticsearch 8.19 and 9.1+ prune a query's frequent, low-weight tokens by default on a new
  // index: `prune: false` keeps the score the full dot product (older versions reject the option and
  // do not prune; docs/search-engines.md).
  const vector = format === 'elasticsearch' ? { type: 'sparse_vector', index_options: { prune: false } } : { type: 'rank_features' };
  const mapping = { mappings: { properties: { id: { type: 'keyword' }, image: { type: 'keyword' }, captions: { type: 'text' }, [field]: vector } } };
  const lines: string[] = [];
  for (const d of docs) {
    const features: Record<string, number> = {};
    for (const [j, v] of sortedEntries(d.vector, d.id)) {
      if (j >= keys.length) throw new RangeError(`document ${JSON.stringify(d.id)}: word index ${j} is outside the vocabulary (${keys.length} words)`);
      features[keys[j]] = v;
    }
    lines.push(json({ index: { _index: index, _id: d.id } }));
    lines.push(json({ id: d.id, image: d.image, captions: d.captions, [field]: features }));
  }
  return {
    format,
    setup: { name: `${index}.${format}.mapping.json`, mime: 'application/json', text: JSON.stringify(mapping, null, 2) + '\n' },
    // The bulk API wants a final newline after the last line.
    data: { name: `${index}.${format}.bulk.ndjson`, mime: 'application/x-ndjson', text: lines.map((l) => l + '\n').join('') },
  };
}

function qdrant(docs: ExportDoc[], collection: string, field: string): IndexExport {
  // Qdrant point ids are unsigned integers or UUIDs: one derived from the item's id (a position in
  // the gallery would make a second export overwrite the first's points), the id itself in the payload.
  const lines = docs.map((d) => {
    const entries = sortedEntries(d.vector, d.id);
    return json({
      id: pointId(d.id),
      vector: { [field]: { indices: entries.map((e) => e[0]), values: entries.map((e) => e[1]) } },
      payload: { id: d.id, image: d.image, captions: d.captions },
    });
  });
  const config = { sparse_vectors: { [field]: {} } };
  return {
    format: 'qdrant',
    setup: { name: `${collection}.qdrant.collection.json`, mime: 'application/json', text: JSON.stringify(config, null, 2) + '\n' },
    data: { name: `${collection}.qdrant.points.jsonl`, mime: 'application/jsonl', text: lines.map((l) => l + '\n').join('') },
  };
}
