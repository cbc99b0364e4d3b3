import type { GalleryInfo, VocabUsageMsg } from '../retrieval/messages';
import { describe, expect, it } from 'vitest';
import { createExplorerStore } from './store';
import { fakeClient, modelInfo } from './testing';
import { OVERUSE_SHARE, TOP_WORDS } from './vocabSlice';

const info = modelInfo({ vocabSize: 5, backendReason: 't', inputSize: [28, 28], grid: [2, 2], hasGallery: true });
const gallery = (name: string): GalleryInfo => ({
  key: 'bundle', name, origin: 'bundle', kind: 'lexical', items: 2, captions: 0, meanActive: 2, vectorBytes: 40, rule: null, createdAt: '2025', skipped: [],
});
const usage = (g: string): VocabUsageMsg => ({ gallery: g, images: 2, vocabSize: 5, distinct: 3, coverage: 0.6, meanActive: 2, minShare: 0.5, overused: 1, top: [] });

async function storeWithGallery(name: string) {
  const f = fakeClient();
  const store = createExplorerStore(f.port, 10);
  const p = store.getState().loadBundle({ kind: 'url', url: '/m/' });
  f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
  await p;
  const o = store.getState().openBundleGallery();
  f.next('galleryOpen').resolve({ type: 'galleryOpened', gallery: gallery(name) });
  await o;
  f.calls.length = 0;
  return { store, f };
}

describe('vocabulary slice', () => {
  it("asks the worker for the open gallery's usage once, and again only for another gallery", async () => {
    const { store, f } = await storeWithGallery('g1');
    const p = store.getState().loadVocabUsage();
    expect(store.getState().vocab.status).toBe('loading');
    const call = f.next('vocabUsage');
    expect(call.msg).toEqual({ type: 'vocabUsage', minShare: OVERUSE_SHARE, limit: TOP_WORDS });
    call.resolve({ type: 'vocabUsed', usage: usage('g1') });
    await p;
    expect(store.getState().vocab).toMatchObject({ status: 'ready', usage: { gallery: 'g1' } });
    await store.getState().loadVocabUsage();
    expect(f.calls).toHaveLength(0);
  });

  it("drops an answer for a gallery that was replaced while it was computed", async () => {
    const { store, f } = await storeWithGallery('g1');
    const p = store.getState().loadVocabUsage();
    const stale = f.next('vocabUsage');
    const o = store.getState().openBundleGallery();
    f.next('galleryOpen').resolve({ type: 'galleryOpened', gallery: gallery('g2') });
    await o;
    stale.resolve({ type: 'vocabUsed', usage: usage('g1') });
    await p;
    expect(store.getState().vocab.usage).toBeNull();
    const q = store.getState().loadVocabUsage();
    f.next('vocabUsage').resolve({ type: 'vocabUsed', usage: usage('g2') });
    await q;
    expect(store.getState().vocab.usage?.gallery).toBe('g2');
  });

  it('keeps the newest word search and lists the images of a chosen word', async () => {
    const { store, f } = await storeWithGallery('g1');
    const p = store.getState().loadVocabUsage();
    f.next('vocabUsage').resolve({ type: 'vocabUsed', usage: usage('g1') });
    await p;
    const older = store.getState().findVocabWords('do');
    const newer = store.getState().findVocabWords('dog');
    const [a, b] = [f.next('vocabFind'), f.next('vocabFind')];
    const w = (word: string) => ({ index: 0, word, df: 1, share: 0.5, mean: 0.3, mass: 0.3 });
    b.resolve({ type: 'vocabFound', text: 'dog', words: [w('dog')] });
    a.resolve({ type: 'vocabFound', text: 'do', words: [w('do'), w('dog')] });
    await Promise.all([older, newer]);
    expect(store.getState().vocab.found.map((x) => x.word)).toEqual(['dog']);
    const s = store.getState().showWordImages(0);
    const call = f.next('wordImages');
    expect(call.msg).toMatchObject({ word: 0 });
    call.resolve({ type: 'wordImaged', word: 0, text: 'dog', hits: [{ item: 1, itemId: 'b', name: 'g/b.png', value: 0.4 }] });
    await s;
    expect(store.getState().vocab.word).toEqual({ index: 0, text: 'dog', hits: [{ item: 1, itemId: 'b', name: 'g/b.png', value: 0.4 }] });
  });
});
