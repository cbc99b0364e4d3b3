import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../../lexical/sparse';
import { mulberry32 } from '../../util/prng';
import { InvertedIndex } from '../inverted-index';
import { exportIndex, type ExportDoc, type ExportFormat } from './index';
import { pointId } from './point-id';
import { f32, tokenKeys } from './tokens';

const sv = (idx: number[], val: number[]): SparseVector => ({ indices: Uint32Array.from(idx), values: Float32Array.from(val) });
const WORDS = ['dog', 'grass', 'a.b', 'dog', 'sky'];
// Strongest first, as the app holds them; exports list words in vocabulary order.
const DOCS: ExportDoc[] = [
  { id: 'a', image: 'gallery/a.png', captions: ['a dog on grass'], vector: sv([1, 0], [0.8, 0.6]) },
  { id: 'b', image: 'gallery/b.png', captions: [], vector: sv([4, 2, 3], [0.7, 0.5, 0.1]) },
];

describe('exportIndex', () => {
  it('writes Elasticsearch sparse_vector bulk NDJSON and its mapping', () => {
    const ex = exportIndex('elasticsearch', DOCS, WORDS);
    expect(ex.data.name).toBe('lexvla.elasticsearch.bulk.ndjson');
    expect(ex.data.text).toBe(
      '{"index":{"_index":"lexvla","_id":"a"}}\n' +
        '{"id":"a","image":"gallery/a.png","captions":["a dog on grass"],"lexical":{"dog":0.6,"grass":0.8}}\n' +
        '{"index":{"_index":"lexvla","_id":"b"}}\n' +
        '{"id":"b","image":"gallery/b.png","captions":[],"lexical":{"#2":0.5,"#3":0.1,"sky":0.7}}\n',
    );
    // prune: false, or Elasticsearch 8.19 / 9.1+ drops a query's frequent tokens from the score.
    expect(JSON.parse(ex.setup.text)).toEqual({
      mappings: {
        properties: { id: { type: 'keyword' }, image: { type: 'keyword' }, captions: { type: 'text' }, lexical: { type: 'sparse_vector', index_options: { prune: false } } },
      },
    });
  });

  it('writes OpenSearch rank_features with the same bulk lines', () => {
    const ex = exportIndex('opensearch', DOCS, WORDS, { index: 'pics', field: 'words' });
    expect(ex.data.text.split('\n')[0]).toBe('{"index":{"_index":"pics","_id":"a"}}');
    expect(ex.data.text.split('\n')[1]).toBe('{"id":"a","image":"gallery/a.png","captions":["a dog on grass"],"words":{"dog":0.6,"grass":0.8}}');
    expect(JSON.parse(ex.setup.text).mappings.properties.words).toEqual({ type: 'rank_features' });
    expect(ex.setup.name).toBe('pics.opensearch.mapping.json');
  });

  it('writes Qdrant points JSONL with ids derived from item ids, indices and values, and the collection config', () => {
    const ex = exportIndex('qdrant', DOCS, WORDS);
    expect(ex.data.text).toBe(
      '{"id":"65b72f86-ea85-5cab-85a0-f11722edb4b2","vector":{"lexical":{"indices":[0,1],"values":[0.6,0.8]}},"payload":{"id":"a","image":"gallery/a.png","captions":["a dog on grass"]}}\n' +
        '{"id":"dabe20af-46be-57ee-84e6-e6f9f5caefde","vector":{"lexical":{"indices":[2,3,4],"values":[0.5,0.1,0.7]}},"payload":{"id":"b","image":"gallery/b.png","captions":[]}}\n',
    );
    expect(ex.setup.text).toBe('{\n  "sparse_vectors": {\n    "lexical": {}\n  }\n}\n');
  });

  it("gives an item the same Qdrant point id in every export, whatever its position, and other items other ids", () => {
    // Python's uuid module: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, 'lexvla-explorer gallery item'), 'red').
    expect(pointId('red')).toBe('2fab7dfb-9866-5a1a-8582-185b315fdd5a');
    const ids = (docs: ExportDoc[]) => new Map(exportIndex('qdrant', docs, WORDS).data.text.trimEnd().split('\n').map((l) => JSON.parse(l)).map((p) => [p.payload.id, p.id]));
    const first = ids(DOCS);
    const second = ids([{ ...DOCS[1] }, { ...DOCS[0], id: 'c' }]); // another gallery: b moved, a new item c
    expect(second.get('b')).toBe(first.get('b'));
    expect(new Set([first.get('a'), first.get('b'), second.get('c')]).size).toBe(3);
  });

  it('rejects what the engines would reject, naming the document', () => {
    expect(() => exportIndex('qdrant', [{ ...DOCS[0], vector: sv([1], [0]) }], WORDS)).toThrow(
      'document "a": word #1 has weight 0, expected a positive weight (the engines reject zero and negative features)',
    );
    expect(() => exportIndex('elasticsearch', [DOCS[0], DOCS[0]], WORDS)).toThrow('export: document id "a" appears twice, expected unique ids');
    expect(() => exportIndex('solr' as never, DOCS, WORDS)).toThrow('export: format is "solr", expected one of elasticsearch, opensearch, qdrant');
  });
});

/**
 * What an engine would do with the files: read every document back from the export, score it
 * against a query written the way docs/search-engines.md writes queries (feature names for
 * Elasticsearch and OpenSearch, vocabulary indices for Qdrant) by dot product, and rank. The
 * ranking and the scores must be the app's own (InvertedIndex over the original vectors).
 */
describe('exportIndex round trip', () => {
  const V = 40;
  // Awkward words too: a dot, a space, a leading '#', a repeat; each must map back to its index.
  const words = Array.from({ length: V }, (_, j) => (j === 3 ? 'a.b' : j === 4 ? 'two words' : j === 5 ? '#x' : j === 6 ? 'w0' : `w${j}`));
  const rand = mulberry32(7);
  const randomVector = (): SparseVector => {
    const picked = new Set<number>();
    while (picked.size < 3 + Math.floor(rand() * 8)) picked.add(Math.floor(rand() * V));
    const indices = [...picked];
    return { indices: Uint32Array.from(indices), values: Float32Array.from(indices, () => 0.01 + rand()) };
  };
  const docs: ExportDoc[] = Array.from({ length: 60 }, (_, i) => ({ id: `item-${i}`, image: `gallery/${i}.png`, captions: [], vector: randomVector() }));
  const queries = Array.from({ length: 5 }, randomVector);

  /** The app's ranking: document ids, best first, and their scores. */
  function appRanking(q: SparseVector): Array<[string, number]> {
    const index = new InvertedIndex();
    docs.forEach((d, i) => index.add(i, d.vector));
    return index.search(q, docs.length).map((h) => [docs[h.id].id, h.score]);
  }

  function rank(scored: Array<[string, number]>): Array<[string, number]> {
    return scored.sort((a, b) => b[1] - a[1]);
  }

  it.each(['elasticsearch', 'opensearch'] as ExportFormat[])('%s: bulk documents scored by query_vector rank as the app does', (format) => {
    const lines = exportIndex(format, docs, words).data.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2 * docs.length);
    const keys = tokenKeys(words);
    const stored: Array<[string, Record<string, number>]> = [];
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i].index._id).toBe(lines[i + 1].id);
      stored.push([lines[i + 1].id, lines[i + 1].lexical]);
    }
    for (const q of queries) {
      const queryVector = Object.fromEntries(Array.from(q.indices, (j, n) => [keys[j], q.values[n]]));
      const scored = stored.map(([id, features]): [string, number] => [id, Object.entries(queryVector).reduce((s, [k, w]) => s + w * (features[k] ?? 0), 0)]);
      const want = appRanking(q);
      const got = rank(scored);
      expect(got.map((h) => h[0])).toEqual(want.map((h) => h[0]));
      got.forEach(([, score], n) => expect(score).toBeCloseTo(want[n][1], 5));
    }
  });

  it('qdrant: points scored by a sparse query of indices and values rank as the app does', () => {
    const points = exportIndex('qdrant', docs, words).data.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(points.map((p) => p.id)).toEqual(docs.map((d) => pointId(d.id)));
    for (const q of queries) {
      const scored = points.map((p): [string, number] => {
        const { indices, values } = p.vector.lexical as { indices: number[]; values: number[] };
        const doc = new Map(indices.map((j, n) => [j, values[n]]));
        return [p.payload.id, Array.from(q.indices).reduce((s, j, n) => s + q.values[n] * (doc.get(j) ?? 0), 0)];
      });
      const want = appRanking(q);
      const got = rank(scored);
      expect(got.map((h) => h[0])).toEqual(want.map((h) => h[0]));
      got.forEach(([, score], n) => expect(score).toBeCloseTo(want[n][1], 5));
    }
  });
});

describe('tokens', () => {
  it('keeps readable words and escapes dots, spaces, "#" and repeats', () => {
    expect(tokenKeys(['dog', 'a.b', 'two words', '#x', 'dog', '▁the'])).toEqual(['dog', '#1', '#2', '#3', '#4', '▁the']);
  });
  it('prints float32 values in their shortest exact form', () => {
    expect(f32(Math.fround(0.8))).toBe(0.8);
    expect(f32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(Math.fround(f32(Math.fround(0.1234567)))).toBe(Math.fround(0.1234567));
  });
});
