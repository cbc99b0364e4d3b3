/**
 * The retrieval commands as a user runs them, and the promise behind the browser's recall
 * panel: `lexvla eval retrieval` prints what evaluateRetrieval (the function the worker calls)
 * returns, and both give the recall known for the colour retrieval set.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvalSet } from '../src/bundle/loaders';
import { sourceFromDir } from '../src/bundle/node-source';
import { engineRetrievalEncoder } from '../src/model/retrieval-encoder';
import { evaluateRetrieval, type RetrievalEncoder } from '../src/retrieval/evaluate';
import { pointId } from '../src/retrieval/export/point-id';
import type { SparseVector } from '../src/lexical/sparse';
import { bruteForceSearch, InvertedIndex } from '../src/retrieval/inverted-index';
import { syntheticVectors, TINY_SPARSITY } from '../src/retrieval/synthetic';
import { benchIndexCommand, bruteForce } from './bench-index';
import { loadEngine } from './open';

const BUNDLE = 'e2e/fixtures/color-bundle';
const IMAGES = 'e2e/fixtures/images';
/** Seven images, eight captions, ranks worked out in its README.md. */
const RETRIEVAL_SET = 'e2e/fixtures/colour-retrieval';

function lexvla(...args: string[]) {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('eval retrieval', () => {
  it('prints the recall of the shared evaluateRetrieval, which the browser uses, and it is the known one', async () => {
    const cli = lexvla('eval', 'retrieval', BUNDLE, RETRIEVAL_SET, '--json');
    expect(cli.code).toBe(0);
    const printed = JSON.parse(cli.out);
    const source = sourceFromDir(RETRIEVAL_SET);
    const { evalSet } = await loadEvalSet(source);
    const engine = await loadEngine(BUNDLE, 'cpu');
    try {
      const r = await evaluateRetrieval(evalSet, (p) => source.read(p), engineRetrievalEncoder(engine));
      expect({ i2t: printed.i2t, t2i: printed.t2i, images: printed.images, captions: printed.captions }).toEqual(JSON.parse(JSON.stringify(r)));
      // "brown" on orange.png: a miss at R@1, a hit at R@5; "a black dog": a miss at R@5.
      expect(r.i2t).toEqual({ 1: 5 / 7, 5: 6 / 7, 10: 1 });
      expect(r.t2i).toEqual({ 1: 6 / 8, 5: 7 / 8, 10: 1 });
    } finally {
      await engine.dispose();
    }
  });

  it('gives other values for an encoder that ignores its input, so the set tells the two apart', async () => {
    const source = sourceFromDir(RETRIEVAL_SET);
    const { evalSet } = await loadEvalSet(source);
    const same = { indices: Uint32Array.of(0), values: Float32Array.of(1) };
    const constant: RetrievalEncoder = { kind: 'lexical', encodeImage: async () => same, encodeText: async () => same };
    const r = await evaluateRetrieval(evalSet, (p) => source.read(p), constant);
    // Every score ties, ties go to the earlier item: image i finds captions in set order, and
    // every caption finds images in set order.
    expect(r.i2t).toEqual({ 1: 1 / 7, 5: 4 / 7, 10: 1 });
    expect(r.t2i).toEqual({ 1: 2 / 8, 5: 6 / 8, 10: 1 });
  });
});

describe('export-index', () => {
  it('writes Qdrant points for an evaluation set encoded with the bundle', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lexvla-')), 'points.jsonl');
    const r = lexvla('export-index', BUNDLE, IMAGES, '--format', 'qdrant', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${out}: 2 documents for qdrant (6.0 active words each on average); setup request body in ${out}.setup.json\n`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.payload.id])).toEqual([[pointId('red-left-blue-right'), 'red-left-blue-right'], [pointId('red-square-on-blue'), 'red-square-on-blue']]);
    const v = lines[0].vector.lexical;
    expect(v.indices).toEqual([...v.indices].sort((a: number, b: number) => a - b));
    expect(v.values.every((x: number) => x > 0)).toBe(true);
    expect(JSON.parse(readFileSync(`${out}.setup.json`, 'utf8'))).toEqual({ sparse_vectors: { lexical: {} } });
  });

  it('exits 2 naming the formats on a bad --format', () => {
    const r = lexvla('export-index', BUNDLE, 'gallery', '--format', 'solr', '--out', '/tmp/x');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--format is "solr", expected one of elasticsearch, opensearch, qdrant');
  });

  it('says so when the bundle has no gallery', () => {
    const r = lexvla('export-index', BUNDLE, 'gallery', '--format', 'qdrant', '--out', '/tmp/x');
    expect(r.code).toBe(1);
    expect(r.err).toContain('gallery is missing, expected it to load a gallery');
  });
});

describe('bench-index', () => {
  const SMALL = ['--sizes', '200,400', '--vocab', '2000', '--min-active', '20', '--max-active', '60', '--queries', '10', '--brute-queries', '5'];

  it('prints a row per size with the three timings and agreement', () => {
    const r = lexvla('bench-index', ...SMALL, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.rows.map((row: { sparsity: string; vectors: number; agree: boolean; disagreement: unknown }) => [row.sparsity, row.vectors, row.agree, row.disagreement])).toEqual([
      ['custom', 200, true, null],
      ['custom', 400, true, null],
    ]);
    for (const row of j.rows) {
      expect(row.meanActive).toBeGreaterThanOrEqual(20);
      expect(row.meanActive).toBeLessThanOrEqual(60);
      expect([row.index.queries, row.previous.queries, row.brute.queries]).toEqual([10, 10, 5]);
      expect(Number.isFinite(row.index.bytesPerImage)).toBe(true); // a heap delta: meaningful at 100k images, noise at 200
    }
  });

  it('prints both sparsities and the targets in the table form', () => {
    const r = lexvla('bench-index', '--sizes', '300', '--vocab', '3000', '--queries', '4', '--brute-queries', '2');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => /^(tiny|paper): /.test(l))).toEqual([
      `tiny: lexvla-tiny's images, ${TINY_SPARSITY.minActive}-${TINY_SPARSITY.maxActive} active words per image`,
      "paper: the paper's images, 700-1462 active words per image",
    ]);
    expect(lines.filter((l) => l.startsWith('  tiny at 300 images: p95 ') || l.startsWith('  paper at 300 images: p95 '))).toHaveLength(2);
  });

  it("times a brute force that answers as the reference does (same hits, scores to the bit)", () => {
    const spec = { ...TINY_SPARSITY, vocab: 500, minActive: 5, maxActive: 40, skew: 1 };
    const docs = syntheticVectors(400, spec);
    const position = new Int32Array(spec.vocab);
    for (const q of syntheticVectors(30, { ...spec, maxActive: 15 }, 7)) {
      for (const k of [1, 10, 400]) expect(bruteForce(docs, q, k, position)).toEqual(bruteForceSearch(docs.map((v, id) => ({ id, v })), q, k));
    }
    const twice = { indices: Uint32Array.of(3, 3), values: Float32Array.of(1, 1) };
    expect(() => bruteForce(docs, twice, 1, position)).toThrow('bruteForce: query word 3 appears twice, expected each word once');
  });

  // Indexes that answer wrongly: the timings would look fine, the answers are not brute force's.
  // One loses its best hit; one adds each document's products in the reverse of q's order, as
  // an index that visits words by their weight would, so float32 rounding moves some scores.
  class LosesBestHit extends InvertedIndex {
    search(q: SparseVector, k: number) {
      return super.search(q, k + 1).slice(1);
    }
  }
  class SumsInAnotherOrder extends InvertedIndex {
    search(q: SparseVector, k: number) {
      return super.search({ indices: q.indices.slice().reverse(), values: q.values.slice().reverse() }, k);
    }
  }

  // The synthetic vectors are seeded: query #0's best document (52) is the one LosesBestHit loses,
  // and SumsInAnotherOrder gets its second best one float32 step (2^-26) too high.
  const LOST =
    'bench-index: the index and brute force disagree at 200 vectors (custom): query #0 got top-10 ids [121, 187, 60, 174, 128, 49, 139, 189, 195, 153] ' +
    'from the index and [52, 121, 187, 60, 174, 128, 49, 139, 189, 195] from brute force: the index answers wrongly';
  const ROUNDED =
    'bench-index: the index and brute force disagree at 200 vectors (custom): query #0 got top-10 ids [52, 121, 187, 60, 174, 128, 49, 139, 189, 195] ' +
    'from the index and [52, 121, 187, 60, 174, 128, 49, 139, 189, 195] from brute force; ' +
    'at rank 2 the index scores 0.23752929270267487 and brute force 0.23752927780151367: the index answers wrongly';
  it.each([
    { index: 'LosesBestHit', output: 'JSON', form: ['--json'], make: () => new LosesBestHit(), message: LOST },
    { index: 'LosesBestHit', output: 'table', form: [], make: () => new LosesBestHit(), message: LOST },
    { index: 'SumsInAnotherOrder', output: 'table', form: [], make: () => new SumsInAnotherOrder(), message: ROUNDED },
  ])('exits 1 naming the first query on which a broken index disagrees with brute force ($index, $output)', async ({ form, make, message }) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await benchIndexCommand([...SMALL, ...form], { out: (s) => out.push(s), err: (s) => err.push(s) }, make);
    expect(code).toBe(1);
    expect(err).toEqual([message]);
    if (form.length > 0) expect(JSON.parse(out.join('\n')).rows[0].disagreement.query).toBe(0);
  });
});

describe('color-gallery-bundle', () => {
  const GALLERY = 'e2e/fixtures/color-gallery-bundle';

  it("precomputed gallery vectors equal the model's own (Python reference vs onnxruntime-node)", async () => {
    const source = sourceFromDir(GALLERY);
    const index = JSON.parse(new TextDecoder().decode(await source.read('gallery/index.json')));
    const engine = await loadEngine(GALLERY, 'cpu');
    try {
      const enc = engineRetrievalEncoder(engine);
      for (const [i, it] of index.items.entries()) {
        const v = (await enc.encodeImage(await source.read(it.image), it.image)) as { indices: Uint32Array; values: Float32Array };
        const got = new Map(Array.from(v.indices, (j, n) => [j, v.values[n]]));
        const want = index.imageVectors[i] as { indices: number[]; values: number[] };
        expect([...got.keys()].sort((a, b) => a - b)).toEqual(want.indices);
        want.indices.forEach((j, n) => expect(got.get(j)).toBeCloseTo(want.values[n], 5));
      }
    } finally {
      await engine.dispose();
    }
  });

  it('exports its gallery for Elasticsearch without running the model', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lexvla-')), 'es.ndjson');
    const r = lexvla('export-index', GALLERY, 'gallery', '--format', 'elasticsearch', '--out', out);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe('{"index":{"_index":"lexvla","_id":"red"}}');
    expect(lines[1]).toBe('{"id":"red","image":"gallery/red.png","captions":["red","a red square"],"lexical":{"red":0.7646144,"orange":0.3823072,"brown":0.3359716,"maroon":0.3823072}}');
    expect(lines).toHaveLength(13); // 6 pairs and the final newline
  });
});
