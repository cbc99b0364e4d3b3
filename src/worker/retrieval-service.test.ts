import { describe, expect, it } from 'vitest';
import { fixtureFiles, lexicalFixture, lexicalWithExtrasFixture } from '../bundle/fixtures';
import { sourceFromMemory } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import type { SparseVector } from '../lexical/sparse';
import type { RetrievalVector } from '../retrieval/gallery';
import { memoryGalleryStore } from './gallery-store';
import { RetrievalService, type RetrievalModelPort } from './retrieval-service';

const sv = (idx: number[], val: number[]): SparseVector => ({ indices: Uint32Array.from(idx), values: Float32Array.from(val) });
const WORDS = ['dog', 'cat', 'grass', 'sky', 'red'];

/** A model port over a fixture bundle; images encode to the one-hot word named by their first byte. */
function port(manifest: Manifest, files: Record<string, Uint8Array>, current: RetrievalVector = sv([3], [1])) {
  let m: Manifest | null = manifest;
  const p: RetrievalModelPort & { swap(next: Manifest): void } = {
    manifest: () => m,
    source: () => sourceFromMemory('fixture', files),
    encoder: () => ({
      kind: 'lexical',
      async encodeImage(bytes, name) {
        if (bytes[0] === 0xff) throw Object.assign(new Error(`${name}: not an image (starts with 0xff)`), { name: 'ImageInputError' });
        return sv([bytes[0]], [1]);
      },
      encodeText: async (t) => sv([WORDS.indexOf(t.split(' ')[0])], [1]),
    }),
    currentImageVector: () => current,
    words: () => WORDS,
    rule: () => ({ threshold: 0.1, topK: null }),
    swap: (next) => (m = next),
  };
  return p;
}

const file = (name: string, first: number, type = 'image/png') => ({ name, file: new Blob([Uint8Array.of(first, 1, 2)], { type }) });

describe('RetrievalService', () => {
  it("opens the bundle's gallery and searches it both ways, explaining lexical matches", async () => {
    const b = lexicalWithExtrasFixture();
    const s = new RetrievalService(port(b.manifest, fixtureFiles(b)), memoryGalleryStore());
    const info = await s.openBundle();
    expect(info).toMatchObject({ key: 'bundle', origin: 'bundle', kind: 'lexical', items: 2, captions: 3, meanActive: 2 });
    const r = await s.search({ kind: 'text', text: 'grass please' }, 'images', 2, 3);
    expect(r.hits.map((h) => [h.itemId, h.score])).toEqual([['a', Math.fround(0.6)], ['b', 0]]);
    expect(r.hits[0].why).toEqual([{ index: 2, word: 'grass', value: Math.fround(0.6) }]);
    expect(r.queryWords?.words).toEqual(['grass']);
    // Image -> text with the inspected image (one-hot "sky"): b's captions, "sunset" (sky = 1) first.
    const t = await s.search({ kind: 'image', name: 'current' }, 'captions', 2, 1);
    expect(t.hits.map((h) => [h.caption, h.item, h.score])).toEqual([['sunset', 1, 1], ['a red sky', 1, Math.fround(0.8)]]);
    expect(await s.image(1)).toEqual({ name: 'gallery/b.png', bytes: fixtureFiles(b)['gallery/b.png'] });
  });

  it('indexes a folder with progress, skips non-images, stores it, and reopens it after a restart', async () => {
    const b = lexicalFixture();
    const store = memoryGalleryStore();
    const p = port(b.manifest, fixtureFiles(b));
    const s = new RetrievalService(p, store);
    const progress: string[] = [];
    const files = [file('pics/dog.png', 0), file('pics/notes.txt', 1, 'text/plain'), file('pics/broken.png', 0xff), file('pics/sky.png', 3)];
    const info = await s.indexFolder('j1', 'pics', files, (d, t, l) => progress.push(`${d}/${t} ${l}`));
    expect(progress).toEqual(['1/4 pics/dog.png', '2/4 pics/notes.txt', '3/4 pics/broken.png', '4/4 pics/sky.png']);
    expect(info).toMatchObject({ origin: 'folder', items: 2, captions: 0, meanActive: 1, rule: { threshold: 0.1, topK: null } });
    expect(info.skipped).toEqual(['pics/notes.txt: not an image file', 'pics/broken.png: not an image (starts with 0xff)']);
    const r = await s.search({ kind: 'text', text: 'sky' }, 'images', 1, 0);
    expect(r.hits).toEqual([{ rank: 1, score: 1, item: 1, itemId: 'pics/sky.png', name: 'pics/sky.png', caption: null, why: [] }]);
    await expect(s.search({ kind: 'text', text: 'sky' }, 'captions', 1, 0)).rejects.toThrow('pics has no captions to search');

    // A new worker: same store, nothing open until the stored gallery is opened again.
    const s2 = new RetrievalService(p, store);
    const listed = await s2.list();
    expect(listed.map((e) => [e.name, e.items, e.matchesModel, e.modelName])).toEqual([['pics', 2, true, 'tiny-lexical']]);
    await expect(s2.search({ kind: 'text', text: 'sky' }, 'images', 1, 0)).rejects.toThrow('No gallery is open for tiny-lexical');
    await s2.openStored(listed[0].key);
    expect((await s2.search({ kind: 'text', text: 'dog' }, 'images', 1, 0)).hits[0].itemId).toBe('pics/dog.png');
    expect(new Uint8Array((await s2.image(0)).bytes)).toEqual(Uint8Array.of(0, 1, 2));
    await s2.remove(listed[0].key);
    expect(await s2.list()).toEqual([]);
    await expect(s2.image(0)).rejects.toThrow('No gallery is open');
  });

  it('stops indexing on cancel and stores nothing', async () => {
    const b = lexicalFixture();
    const store = memoryGalleryStore();
    const s = new RetrievalService(port(b.manifest, fixtureFiles(b)), store);
    const files = [file('a.png', 0), file('b.png', 1), file('c.png', 2)];
    const run = s.indexFolder('j2', 'abc', files, (done) => {
      if (done === 1) expect(s.cancel('j2')).toBe(true);
    });
    await expect(run).rejects.toThrow('Indexing abc was cancelled after 1 of 3 files; nothing was stored.');
    expect(await store.list()).toEqual([]);
    expect(s.cancel('j2')).toBe(false);
  });

  it("refuses a stored gallery of another model, and drops the open one when the model changes", async () => {
    const b = lexicalFixture();
    const store = memoryGalleryStore();
    const p = port(b.manifest, fixtureFiles(b));
    const s = new RetrievalService(p, store);
    const info = await s.indexFolder('j3', 'one', [file('a.png', 0)], () => {});
    const other = { ...b.manifest, name: 'other-model' } as Manifest;
    p.swap(other);
    await expect(s.search({ kind: 'text', text: 'dog' }, 'images', 1, 0)).rejects.toThrow('No gallery is open for other-model');
    expect((await s.list())[0].matchesModel).toBe(false);
    await expect(s.openStored(info.key)).rejects.toThrow(
      'The gallery "one" was indexed with tiny-lexical; its vectors mean nothing to other-model. Load tiny-lexical or index the folder again.',
    );
  });

  it('exports the open gallery for a search engine', async () => {
    const b = lexicalWithExtrasFixture();
    const s = new RetrievalService(port(b.manifest, fixtureFiles(b)), memoryGalleryStore());
    await s.openBundle();
    const ex = s.exportActive('qdrant');
    expect(ex.data.text.split('\n')[0]).toBe('{"id":"65b72f86-ea85-5cab-85a0-f11722edb4b2","vector":{"lexical":{"indices":[0,2],"values":[0.8,0.6]}},"payload":{"id":"a","image":"gallery/a.png","captions":["a dog on grass"]}}');
  });
});
