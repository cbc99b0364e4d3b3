import { describe, expect, it } from 'vitest';
import type { Request } from '../worker/protocol';
import type { GalleryInfo, RetrievalResultMsg } from '../worker/retrieval-protocol';
import { COMPARE_RESULTS_K } from './compareSearchSlice';
import { createExplorerStore } from './store';
import { modelInfo } from './testing';
import type { ClientPort } from './types';

type Msg = Omit<Request, 'id'>;
const textOf = (m: Msg): string => (m as unknown as { query: { text: string } }).query.text;

/** A worker client that answers each request type from a table (sync, so tests read final state). */
function fakeClient(answers: Record<string, (msg: Msg) => unknown>) {
  const calls: Msg[] = [];
  const port = {
    request: (msg: Msg) => {
      calls.push(msg);
      const a = answers[msg.type];
      return a ? Promise.resolve(a(msg)) : Promise.reject(new Error(`unexpected ${msg.type}`));
    },
    onCrash: () => () => {},
    simulateCrash() {},
  } as unknown as ClientPort;
  return { port, calls };
}

const info = (name: string, kind: 'lexical' | 'dense') =>
  modelInfo({ key: name, name, kind, vocabSize: kind === 'lexical' ? 5 : null, embeddingDim: kind === 'dense' ? 4 : null, sparsify: null, inputSize: [28, 28], grid: [2, 2], hasGallery: true });
const gallery = (name: string, kind: 'lexical' | 'dense'): GalleryInfo => ({
  key: 'bundle', name, origin: 'bundle', kind, items: 3, captions: 0, meanActive: null, vectorBytes: 1, rule: null, createdAt: 'c', skipped: [],
});
const results = (text: string, item: number): RetrievalResultMsg => ({
  query: { kind: 'text', text }, target: 'images', queryWords: null, ms: 1,
  hits: [{ rank: 1, score: 0.5, item, itemId: `i${item}`, name: `g/${item}.png`, caption: null, why: [] }],
});

describe('compare retrieval', () => {
  it("opens each side's own gallery once and runs the same query on both workers", async () => {
    const main = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('lex', 'lexical') }),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('lex gallery', 'lexical') }),
      retrievalSearch: (m) => ({ type: 'retrievalResults', result: results(textOf(m), 0) }),
    });
    const second = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('clip', 'dense') }),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('clip gallery', 'dense') }),
      retrievalSearch: (m) => ({ type: 'retrievalResults', result: results(textOf(m), 2) }),
    });
    const store = createExplorerStore(main.port, 10, 10, () => second.port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().openCompare('/clip/');
    expect(store.getState().compare.status).toBe('ready');

    await store.getState().searchCompare(' a fire truck ');
    const cs = store.getState().compareSearch;
    expect(cs.status).toBe('ready');
    expect([cs.left.gallery?.name, cs.left.results?.hits[0].item, cs.left.error]).toEqual(['lex gallery', 0, null]);
    expect([cs.right.gallery?.name, cs.right.results?.hits[0].item, cs.right.error]).toEqual(['clip gallery', 2, null]);
    // The inspector's gallery is the one opened for the left side.
    expect(store.getState().retrieval.gallery?.name).toBe('lex gallery');
    const searches = (c: { calls: Msg[] }) => c.calls.filter((m) => m.type === 'retrievalSearch');
    expect(searches(main)[0]).toMatchObject({ query: { kind: 'text', text: 'a fire truck' }, target: 'images', k: COMPARE_RESULTS_K });
    expect(searches(second)[0]).toMatchObject({ query: { kind: 'text', text: 'a fire truck' }, k: COMPARE_RESULTS_K });

    await store.getState().searchCompare('a hat');
    expect([main, second].map((c) => c.calls.filter((m) => m.type === 'galleryOpen').length)).toEqual([1, 1]);
    expect(store.getState().compareSearch.right.results?.query).toEqual({ kind: 'text', text: 'a hat' });
  });

  it('reports a side that cannot search without failing the other', async () => {
    const main = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('lex', 'lexical') }),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('lex gallery', 'lexical') }),
      retrievalSearch: () => ({ type: 'retrievalResults', result: results('x', 1) }),
    });
    const store = createExplorerStore(main.port, 10, 10, () => fakeClient({}).port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().searchCompare('x');
    const cs = store.getState().compareSearch;
    expect(cs.left.results?.hits).toHaveLength(1);
    expect(cs.right).toEqual({ gallery: null, results: null, error: 'The second bundle is not loaded yet.' });
  });
});
