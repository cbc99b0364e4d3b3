import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../../lexical/sparse';
import { exportIndex, type ExportDoc } from './index';
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
    expect(JSON.parse(ex.setup.text)).toEqual({
      mappings: { properties: { id: { type: 'keyword' }, image: { type: 'keyword' }, captions: { type: 'text' }, lexical: { type: 'sparse_vector' } } },
    });
  });

  it('writes OpenSearch rank_features with the same bulk lines', () => {
    const ex = exportIndex('opensearch', DOCS, WORDS, { index: 'pics', field: 'words' });
    expect(ex.data.text.split('\n')[0]).toBe('{"index":{"_index":"pics","_id":"a"}}');
    expect(ex.data.text.split('\n')[1]).toBe('{"id":"a","image":"gallery/a.png","captions":["a dog on grass"],"words":{"dog":0.6,"grass":0.8}}');
    expect(JSON.parse(ex.setup.text).mappings.properties.words).toEqual({ type: 'rank_features' });
    expect(ex.setup.name).toBe('pics.opensearch.mapping.json');
  });

  it('writes Qdrant points JSONL with integer ids, indices and values, and the collection config', () => {
    const ex = exportIndex('qdrant', DOCS, WORDS);
    expect(ex.data.text).toBe(
      '{"id":0,"vector":{"lexical":{"indices":[0,1],"values":[0.6,0.8]}},"payload":{"id":"a","image":"gallery/a.png","captions":["a dog on grass"]}}\n' +
        '{"id":1,"vector":{"lexical":{"indices":[2,3,4],"values":[0.5,0.1,0.7]}},"payload":{"id":"b","image":"gallery/b.png","captions":[]}}\n',
    );
    expect(ex.setup.text).toBe('{\n  "sparse_vectors": {\n    "lexical": {}\n  }\n}\n');
  });

  it('rejects what the engines would reject, naming the document', () => {
    expect(() => exportIndex('qdrant', [{ ...DOCS[0], vector: sv([1], [0]) }], WORDS)).toThrow(
      'document "a": word #1 has weight 0, expected a positive weight (the engines reject zero and negative features)',
    );
    expect(() => exportIndex('elasticsearch', [DOCS[0], DOCS[0]], WORDS)).toThrow('export: document id "a" appears twice, expected unique ids');
    expect(() => exportIndex('solr' as never, DOCS, WORDS)).toThrow('export: format is "solr", expected one of elasticsearch, opensearch, qdrant');
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
