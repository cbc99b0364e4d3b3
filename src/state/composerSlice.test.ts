/**
 * The composer's jobs: each makes the scene the current image with its mask for PatchDis, one at
 * a time, the newest waiting job replacing older ones; the first one starts PatchDis and later
 * images are relabelled by the image slice; another image ends "shown".
 */
import { describe, expect, it } from 'vitest';
import type { WordList } from '../lexical/word-list';
import { COMPOSED_IMAGE, COMPOSED_MASK, type ComposedJob } from './composerTypes';
import { answerEncode, loadedStore, sentBytes } from './testing';

const list: WordList = { indices: [1], words: ['dog'], values: [1], activeCount: 1 };
const flush = () => new Promise((r) => setTimeout(r, 0));
const encoded = { name: COMPOSED_IMAGE, original: { width: 8, height: 8 }, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list };
const job = (revision: number): ComposedJob => ({ revision, image: new Uint8Array([revision, 1]), mask: new Uint8Array([revision, 2]), classes: ['cat', 'dog'] });
const labelled = { type: 'patchDisImaged', result: { classes: ['cat', 'dog'], labels: new Int32Array(16), gt: new Int32Array(16), iou: null, ms: 1 } };

const ready = loadedStore;

describe('composer jobs', () => {
  it('encode the scene with its mask, start PatchDis once, and mark the revision shown', async () => {
    const { store, f } = await ready();
    const done = store.getState().encodeComposedScene(job(1));
    expect(store.getState().composer.busy).toBe(true);
    expect(store.getState().patchdis.classes).toEqual(['cat', 'dog']);
    expect(f.next('prepareClasses').msg).toMatchObject({ classes: ['cat', 'dog'] });
    expect(store.getState().patchdis.mask).toMatchObject({ name: COMPOSED_MASK, forImage: COMPOSED_IMAGE });
    const enc = f.next('encodeImage');
    expect(enc.msg).toMatchObject({ name: COMPOSED_IMAGE });
    expect(await sentBytes(enc)).toEqual([1, 1]);
    await answerEncode(enc, encoded);
    await flush();
    const pd = f.next('patchDisImage');
    expect(pd.msg).toMatchObject({ classes: ['cat', 'dog'], mask: { name: COMPOSED_MASK } });
    expect([...new Uint8Array((pd.msg as unknown as { mask: { bytes: ArrayBuffer } }).mask.bytes)]).toEqual([1, 2]);
    pd.resolve(labelled);
    await done;
    expect(store.getState().composer).toMatchObject({ busy: false, shown: 1 });
    expect(store.getState().patchdis.status).toBe('ready');
  });

  it('run one at a time: the newest waiting job replaces older ones, and PatchDis follows each image', async () => {
    const { store, f } = await ready();
    const first = store.getState().encodeComposedScene(job(1));
    void store.getState().encodeComposedScene(job(2));
    void store.getState().encodeComposedScene(job(3));
    await answerEncode(f.next('encodeImage'), encoded);
    await flush();
    f.next('patchDisImage').resolve(labelled);
    await flush();
    await flush();
    // Job 2 was replaced while it waited: the next image is job 3's, with job 3's mask.
    const enc = f.next('encodeImage');
    expect(await sentBytes(enc)).toEqual([3, 1]);
    expect([...new Uint8Array(store.getState().patchdis.mask!.bytes)]).toEqual([3, 2]);
    await answerEncode(enc, encoded);
    await flush();
    f.next('patchDisImage').resolve(labelled); // the image slice's relabel of the new image
    await first;
    expect(f.calls.filter((c) => c.msg.type === 'encodeImage')).toHaveLength(0);
    expect(store.getState().composer).toMatchObject({ busy: false, shown: 3 });
  });

  it('are no longer shown once another image replaces the scene', async () => {
    const { store, f } = await ready();
    const done = store.getState().encodeComposedScene(job(1));
    await answerEncode(f.next('encodeImage'), encoded);
    await flush();
    f.next('patchDisImage').resolve(labelled);
    await done;
    expect(store.getState().composer.shown).toBe(1);
    const other = store.getState().encodeImage('photo.png', new Uint8Array([9]).buffer);
    await answerEncode(f.next('encodeImage'), { ...encoded, name: 'photo.png' });
    await flush();
    f.next('patchDisImage').resolve(labelled);
    await other;
    expect(store.getState().composer.shown).toBeNull();
    // The composed mask is not sent with another image.
    expect(store.getState().patchdis.mask?.forImage).toBe(COMPOSED_IMAGE);
  });

  it('keep the selection only while its item exists; every scene change is a revision', async () => {
    const { store } = await ready();
    const scene = { width: 8, height: 8, background: { kind: 'flat' as const, colours: ['blue', 'blue'] as ['blue', 'blue'], seed: 1 }, items: [], nextId: 1 };
    const one = { ...scene, items: [{ id: 1, emoji: '1F415', x: 4, y: 4, size: 8, angle: 0, flipX: false, flipY: false }], nextId: 2 };
    store.getState().setComposerScene(one, 1);
    expect(store.getState().composer).toMatchObject({ selected: 1, revision: 1 });
    store.getState().setComposerScene(one);
    expect(store.getState().composer).toMatchObject({ selected: 1, revision: 2 });
    store.getState().setComposerScene(scene);
    expect(store.getState().composer).toMatchObject({ selected: null, revision: 3 });
    store.getState().recompose();
    expect(store.getState().composer.revision).toBe(4);
  });
});
