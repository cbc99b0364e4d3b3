import type { GalleryInfo, RetrievalResultMsg } from '../retrieval/messages';
import { describe, expect, it, vi } from 'vitest';
import { COMPARE_RESULTS_K } from './compareSearchSlice';
import { createExplorerStore } from './store';
import { answeringClient as fakeClient, modelInfo, type Msg } from './testing';

const textOf = (m: Msg): string => (m as unknown as { query: { text: string } }).query.text;

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

    await store.getState().searchCompare({ kind: 'text', text: ' a fire truck ' });
    const cs = store.getState().compareSearch;
    expect(cs.status).toBe('ready');
    expect([cs.left.gallery?.name, cs.left.results?.hits[0].item, cs.left.error]).toEqual(['lex gallery', 0, null]);
    expect([cs.right.gallery?.name, cs.right.results?.hits[0].item, cs.right.error]).toEqual(['clip gallery', 2, null]);
    // The inspector's gallery is the one opened for the left side.
    expect(store.getState().retrieval.gallery?.name).toBe('lex gallery');
    const searches = (c: { calls: Msg[] }) => c.calls.filter((m) => m.type === 'retrievalSearch');
    expect(searches(main)[0]).toMatchObject({ query: { kind: 'text', text: 'a fire truck' }, target: 'images', k: COMPARE_RESULTS_K });
    expect(searches(second)[0]).toMatchObject({ query: { kind: 'text', text: 'a fire truck' }, k: COMPARE_RESULTS_K });

    await store.getState().searchCompare({ kind: 'text', text: 'a hat' });
    expect([main, second].map((c) => c.calls.filter((m) => m.type === 'galleryOpen').length)).toEqual([1, 1]);
    expect(store.getState().compareSearch.right.results?.query).toEqual({ kind: 'text', text: 'a hat' });
  });

  it('the inspected image as the query: each worker searches with its own encoding of it, for images or captions', async () => {
    const answers = (name: string, kind: 'lexical' | 'dense', item: number) => ({
      loadBundle: () => ({ type: 'bundleLoaded', info: info(name, kind) }),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery(`${name} gallery`, kind) }),
      retrievalSearch: (m: Msg) => ({ type: 'retrievalResults', result: { ...results('', item), query: (m as unknown as { query: unknown }).query } }),
    });
    const main = fakeClient(answers('lex', 'lexical', 0));
    const second = fakeClient(answers('clip', 'dense', 2));
    const store = createExplorerStore(main.port, 10, 10, () => second.port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().openCompare('/clip/');
    await store.getState().searchCompare({ kind: 'image', name: 'cat.png' }, 'captions');
    for (const c of [main, second]) {
      expect(c.calls.filter((m) => m.type === 'retrievalSearch')).toEqual([
        expect.objectContaining({ query: { kind: 'image', name: 'cat.png' }, target: 'captions', k: COMPARE_RESULTS_K }),
      ]);
    }
    const cs = store.getState().compareSearch;
    expect([cs.query, cs.target, cs.status]).toEqual([{ kind: 'image', name: 'cat.png' }, 'captions', 'ready']);
    expect([cs.left.results?.hits[0].item, cs.right.results?.hits[0].item]).toEqual([0, 2]);
    // An empty text query clears the results instead of searching.
    await store.getState().searchCompare({ kind: 'text', text: '  ' });
    expect(store.getState().compareSearch).toMatchObject({ query: null, status: 'idle' });
    expect(second.count('retrievalSearch')).toBe(1);
  });

  it('reports a side that cannot search without failing the other', async () => {
    const main = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('lex', 'lexical') }),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('lex gallery', 'lexical') }),
      retrievalSearch: () => ({ type: 'retrievalResults', result: results('x', 1) }),
    });
    const store = createExplorerStore(main.port, 10, 10, () => fakeClient({}).port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().searchCompare({ kind: 'text', text: 'x' });
    const cs = store.getState().compareSearch;
    expect(cs.left.results?.hits).toHaveLength(1);
    expect(cs.right).toEqual({ gallery: null, results: null, error: 'The second bundle is not loaded yet.' });
  });

  it('an image query right after the Compare view opens waits for the second worker to hold the image', async () => {
    const list = (word: string) => ({ indices: [1], words: [word], values: [1], activeCount: 1 });
    const encoded = (m: Msg) => ({
      type: 'imageEncoded', name: (m as unknown as { name: string }).name, original: { width: 8, height: 8 },
      preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list('g'), timings: { read: 0, decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
      bytes: new Uint8Array([1, 2]).buffer,
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let secondHasImage = false;
    const main = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('lex', 'lexical') }),
      encodeImage: encoded,
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('lex gallery', 'lexical') }),
      retrievalSearch: () => ({ type: 'retrievalResults', result: results('', 0) }),
    });
    const second = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('clip', 'dense') }),
      // The second worker's encode takes a while (a real one: decode, preprocess, session.run).
      encodeImage: async (m) => (await gate, (secondHasImage = true), encoded(m)),
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('clip gallery', 'dense') }),
      // As the worker answers: no image yet -> the 'no-image' error the user saw in the e2e run.
      retrievalSearch: () => (secondHasImage ? { type: 'retrievalResults', result: results('', 2) } : Promise.reject(new Error('No image is open in the inspector'))),
    });
    const store = createExplorerStore(main.port, 10, 10, () => second.port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().encodeImage('a.png', new Uint8Array([1, 2]).buffer);
    const opened = store.getState().openCompare('/clip/');
    await vi.waitFor(() => expect(store.getState().compare.image.status).toBe('encoding'));
    expect(store.getState().compare.status).toBe('ready'); // what the view shows: loaded, image on its way
    const searched = store.getState().searchCompare({ kind: 'image', name: 'a.png' });
    await new Promise((r) => setTimeout(r, 10));
    expect(second.count('retrievalSearch')).toBe(0); // not asked before the image is there
    release();
    await Promise.all([opened, searched]);
    const cs = store.getState().compareSearch;
    expect([cs.right.error, cs.right.results?.hits[0].item, cs.left.results?.hits[0].item]).toEqual([null, 2, 0]);
  });

  it('after the second worker dies: the second bundle, the image, the query and the search come back in the new worker', async () => {
    const list = (word: string) => ({ indices: [1], words: [word], values: [1], activeCount: 1 });
    const encoded = (m: Msg) => ({
      type: 'imageEncoded', name: (m as unknown as { name: string }).name, original: { width: 8, height: 8 },
      preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list('g'), timings: { read: 0, decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
      bytes: new Uint8Array([1, 2]).buffer, // what a.png's answer hands back
    });
    const relevance = { type: 'textQueried', result: { text: 'q', kind: 'dense', via: 'onnx', used: [], dropped: [], words: list('q'), relevance: new Float32Array(4), min: 0, max: 1 } };
    const main = fakeClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: info('lex', 'lexical') }),
      encodeImage: encoded,
      textQuery: () => relevance,
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('lex gallery', 'lexical') }),
      retrievalSearch: (m) => ({ type: 'retrievalResults', result: results(textOf(m), 0) }),
    });
    let clipLoads = 0;
    const second = fakeClient({
      // Each load answers a new ModelInfo object, as a real worker does.
      loadBundle: () => ({ type: 'bundleLoaded', info: info(`clip#${++clipLoads}`, 'dense') }),
      encodeImage: encoded,
      textQuery: () => relevance,
      galleryOpen: () => ({ type: 'galleryOpened', gallery: gallery('clip gallery', 'dense') }),
      retrievalSearch: (m) => ({ type: 'retrievalResults', result: results(textOf(m), 2) }),
    });
    const store = createExplorerStore(main.port, 10, 10, () => second.port);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    await store.getState().encodeImage('a.png', new Uint8Array([1, 2]).buffer);
    await store.getState().openCompare('/clip/');
    await store.getState().setCompareQuery('a dog');
    await store.getState().searchCompare({ kind: 'text', text: 'a fire truck' });
    const before = ['loadBundle', 'encodeImage', 'textQuery', 'galleryOpen', 'retrievalSearch'].map((t) => second.count(t as Msg['type']));
    expect(before).toEqual([1, 1, 1, 1, 1]);

    second.crash();
    await vi.waitFor(() => expect(second.count('retrievalSearch')).toBe(2));
    await vi.waitFor(() => expect(store.getState().compareSearch.status).toBe('ready'));
    // Everything the dead worker held was asked for again, the gallery included.
    expect(['loadBundle', 'encodeImage', 'textQuery', 'galleryOpen', 'retrievalSearch'].map((t) => second.count(t as Msg['type']))).toEqual([2, 2, 2, 2, 2]);
    const c = store.getState().compare;
    expect([c.status, c.info?.name, c.image.status, c.right.query?.text]).toEqual(['ready', 'clip#2', 'ready', 'q']);
    expect(store.getState().compareSearch.right.results?.hits[0].item).toBe(2);
    expect(store.getState().notices.at(-1)?.text).toBe(
      "The Compare view's worker stopped (the inference worker was terminated) — restarted it and reloaded clip#2.",
    );
    // The inspector's worker was not touched.
    expect(main.count('loadBundle')).toBe(1);
  });
});
