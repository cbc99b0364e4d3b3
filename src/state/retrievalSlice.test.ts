import type { GalleryInfo, RetrievalResultMsg } from '../retrieval/messages';
import { describe, expect, it } from 'vitest';
import { createExplorerStore } from './store';
import { fakeClient, modelInfo } from './testing';

const info = modelInfo({ vocabSize: 5, backendReason: 't', inputSize: [28, 28], grid: [2, 2], hasGallery: true });
const gallery: GalleryInfo = {
  key: 'bundle', name: 'tiny gallery', origin: 'bundle', kind: 'lexical', items: 2, captions: 3, meanActive: 2, vectorBytes: 40,
  rule: null, createdAt: '2025', skipped: [],
};
const result = (text: string): RetrievalResultMsg => ({ query: { kind: 'text', text }, target: 'images', queryWords: null, hits: [], ms: 1 });
const flush = () => new Promise((r) => setTimeout(r, 0));

async function readyStore() {
  const f = fakeClient();
  const store = createExplorerStore(f.port, 10);
  const p = store.getState().loadBundle({ kind: 'url', url: '/m/' });
  f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
  await p;
  f.calls.length = 0;
  return { store, f };
}

describe('retrieval slice', () => {
  it('keeps the newest search when answers arrive out of order', async () => {
    const { store, f } = await readyStore();
    const open = store.getState().openBundleGallery();
    f.next('galleryOpen').resolve({ type: 'galleryOpened', gallery });
    await open;
    void store.getState().searchGallery({ kind: 'text', text: 'old' }, 'images');
    void store.getState().searchGallery({ kind: 'text', text: 'new' }, 'images');
    const [older, newer] = [f.next('retrievalSearch'), f.next('retrievalSearch')];
    expect(newer.msg).toMatchObject({ k: 12, explain: 6, target: 'images' });
    newer.resolve({ type: 'retrievalResults', result: result('new') });
    await flush();
    older.resolve({ type: 'retrievalResults', result: result('old') });
    await flush();
    expect(store.getState().retrieval.results?.query).toEqual({ kind: 'text', text: 'new' });
    expect(store.getState().retrieval.searching).toBe(false);
  });

  it('reports indexing progress, announces skipped files, and forgets the gallery when another model loads', async () => {
    const { store, f } = await readyStore();
    const run = store.getState().indexGalleryFolder('pics', [{ name: 'pics/a.png', file: new Blob([]) }]);
    const call = f.next('galleryIndex');
    call.progress!({ type: 'progress', phase: 'encode', loadedBytes: 1, totalBytes: 2, label: 'pics/a.png' });
    expect(store.getState().retrieval).toMatchObject({ status: 'indexing', progress: { done: 1, total: 2, label: 'pics/a.png' } });
    call.resolve({ type: 'galleryOpened', gallery: { ...gallery, key: 'g1', name: 'pics', origin: 'folder', items: 1, skipped: ['pics/x.txt: not an image file'] } });
    await run;
    expect(store.getState().retrieval).toMatchObject({ status: 'ready', job: null, progress: null, gallery: { key: 'g1' } });
    expect(store.getState().notices.at(-1)).toMatchObject({ text: 'Indexed 1 images of pics; skipped 1.', details: ['pics/x.txt: not an image file'] });
    const reload = store.getState().loadBundle({ kind: 'url', url: '/other/' });
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info: { ...info, name: 'other' } });
    await reload;
    expect(store.getState().retrieval.gallery).toBeNull();
  });

  it('a failed search is a notice naming the problem', async () => {
    const { store, f } = await readyStore();
    const s = store.getState().searchGallery({ kind: 'image', name: 'x.png' }, 'captions');
    f.next('retrievalSearch').reject(new Error('No gallery is open for tiny'));
    await s;
    expect(store.getState().notices.at(-1)?.text).toBe('Search failed: No gallery is open for tiny');
  });
});
