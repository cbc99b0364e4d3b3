import { describe, expect, it } from 'vitest';
import type { WordList } from '../lexical/word-list';
import { createExplorerStore } from './store';
import { answerEncode, fakeClient, loadedStore } from './testing';

const list = (word: string): WordList => ({ indices: [1], words: [word], values: [1], activeCount: 1 });
/** 16 lists for the 4 x 4 grid of modelInfo(), named `${prefix}${index}`. */
const grid = (prefix: string) => Array.from({ length: 16 }, (_, p) => list(`${prefix}${p}`));
const flush = () => new Promise((r) => setTimeout(r, 0));

async function encode(f: ReturnType<typeof fakeClient>, store: ReturnType<typeof createExplorerStore>, imageId: number) {
  const enc = store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
  await answerEncode(f.next('encodeImage'), { name: 'a.png', original: { width: 8, height: 8 }, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list('g'), imageId });
  // What a new image asks the worker for the current selection, answered as it is asked: the
  // encode resolves once the words have caught up.
  let done = false;
  void enc.then(() => (done = true));
  for (let i = 0; i < 100 && !done; i++) {
    while (f.calls.some((c) => c.msg.type === 'words')) f.next('words').resolve({ type: 'words', target: null, words: list('w') });
    await flush();
  }
  await enc;
}

async function readyStore() {
  const { store, f } = await loadedStore();
  await encode(f, store, 7);
  return { store, f };
}

const pending = (f: ReturnType<typeof fakeClient>, type: string) => f.calls.filter((c) => c.msg.type === type).length;

describe('words ahead of the pointer', () => {
  it('a hover finds its patch words in the store at once, without asking the worker', async () => {
    const { store, f } = await readyStore();
    const asked = store.getState().prefetchPatchWords();
    const call = f.next('wordsAhead');
    expect(call.msg).toEqual({ type: 'wordsAhead', imageId: 7, rule: store.getState().sparsity, anchor: null, topN: 10 });
    const lists = grid('p');
    call.resolve({ type: 'wordsAhead', imageId: 7, anchor: null, lists });
    await asked;
    store.getState().hoverPatch(5);
    // Synchronously: no await between the hover and the words.
    expect(store.getState().words).toEqual({ target: { kind: 'patch', index: 5 }, list: lists[5], loading: false });
    expect(pending(f, 'words')).toBe(0);
  });

  it('keeps the lists out of the store until the page has painted the words they follow', async () => {
    const { store, f } = await readyStore();
    let painted!: () => void;
    const asked = store.getState().prefetchPatchWords(new Promise<void>((r) => (painted = r)));
    f.next('wordsAhead').resolve({ type: 'wordsAhead', imageId: 7, anchor: null, lists: grid('p') });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().wordsAhead).toBeNull();
    painted();
    await asked;
    expect(store.getState().wordsAhead?.patches?.[3]?.words).toEqual(['p3']);
  });

  it('another rule, another image or the whole-words switch make them void: the hover asks the worker again', async () => {
    const { store, f } = await readyStore();
    const asked = store.getState().prefetchPatchWords();
    f.next('wordsAhead').resolve({ type: 'wordsAhead', imageId: 7, anchor: null, lists: grid('p') });
    await asked;
    void store.getState().setSparsity({ threshold: 0.2, topK: null });
    store.getState().hoverPatch(1);
    expect(store.getState().words.loading).toBe(true);
    expect(f.next('words').msg).toMatchObject({ target: { kind: 'patch', index: 1 } });

    // Lists made under the new rule stand again, until the next image.
    const again = store.getState().prefetchPatchWords();
    f.next('wordsAhead').resolve({ type: 'wordsAhead', imageId: 7, anchor: null, lists: grid('q') });
    await again;
    store.getState().hoverPatch(2);
    expect(store.getState().words.list?.words).toEqual(['q2']);
    await encode(f, store, 8);
    store.getState().hoverPatch(3);
    expect(pending(f, 'words')).toBe(1);
  });

  it('an answer for an image or rule that changed meanwhile, or a null one, is not kept', async () => {
    const { store, f } = await readyStore();
    const asked = store.getState().prefetchPatchWords();
    const call = f.next('wordsAhead');
    await encode(f, store, 8);
    call.resolve({ type: 'wordsAhead', imageId: 7, anchor: null, lists: grid('p') });
    await asked;
    expect(store.getState().wordsAhead).toBeNull();
    const refused = store.getState().prefetchPatchWords();
    f.next('wordsAhead').resolve({ type: 'wordsAhead', imageId: 8, anchor: null, lists: null });
    await refused;
    expect(store.getState().wordsAhead).toBeNull();
  });

  it("a drag's regions: a region with a corner at the anchor finds the list of its opposite corner", async () => {
    const { store, f } = await readyStore();
    const asked = store.getState().prefetchRegionWords(5); // row 1, column 1
    void store.getState().prefetchRegionWords(5); // a press after a rest asks once
    expect(pending(f, 'wordsAhead')).toBe(1);
    const call = f.next('wordsAhead');
    expect(call.msg).toMatchObject({ imageId: 7, anchor: 5 });
    const lists = grid('r');
    call.resolve({ type: 'wordsAhead', imageId: 7, anchor: 5, lists });
    await asked;
    store.getState().togglePin(0);
    await flush();
    while (pending(f, 'words') > 0) f.next('words').resolve({ type: 'words', target: { kind: 'patch', index: 0 }, words: list('pin') });
    await flush();

    store.getState().previewRegion({ r0: 1, c0: 1, r1: 2, c1: 3 });
    expect(store.getState().words.list).toBe(lists[2 * 4 + 3]);
    store.getState().previewRegion({ r0: 0, c0: 0, r1: 1, c1: 1 });
    expect(store.getState().words.list).toBe(lists[0]);
    // The pin stays while the drag goes on.
    expect(store.getState().selection).toEqual({ hovered: 0, pinned: 0, region: { r0: 0, c0: 0, r1: 1, c1: 1 } });
    // A region the anchor is not a corner of was not made ahead.
    store.getState().previewRegion({ r0: 0, c0: 0, r1: 2, c1: 2 });
    expect(store.getState().words.loading).toBe(true);
    expect(f.next('words').msg).toMatchObject({ target: { kind: 'region', r0: 0, c0: 0, r1: 2, c1: 2 } });
    // Back on the first patch: the pin's words again.
    store.getState().previewRegion(null);
    expect(store.getState().words.target).toEqual({ kind: 'patch', index: 0 });
  });

  it("a drag's nearest regions are found as soon as their part comes, before the batch's answer", async () => {
    const { store, f } = await readyStore();
    const asked = store.getState().prefetchRegionWords(5); // row 1, column 1
    const call = f.next('wordsAhead');
    const lists = grid('r');
    // The first part: the regions whose far corner is in rows 0 to 2.
    const part = lists.slice(0, 12).map((l, p): [number, WordList] => [p, l]);
    (call.progress as (p: unknown) => void)({ id: 1, type: 'wordsAheadPart', lists: part });
    store.getState().previewRegion({ r0: 1, c0: 1, r1: 2, c1: 2 });
    expect(store.getState().words.list).toBe(lists[2 * 4 + 2]);
    // Not in the part yet: asked of the worker.
    store.getState().previewRegion({ r0: 1, c0: 1, r1: 3, c1: 2 });
    expect(store.getState().words.loading).toBe(true);
    expect(f.next('words').msg).toMatchObject({ target: { kind: 'region', r0: 1, c0: 1, r1: 3, c1: 2 } });
    // A part does not stand for the whole: a press on the same patch while the batch is out asks nothing more...
    void store.getState().prefetchRegionWords(5);
    expect(pending(f, 'wordsAhead')).toBe(0);
    call.resolve({ type: 'wordsAhead', imageId: 7, anchor: 5, lists });
    await asked;
    store.getState().previewRegion({ r0: 1, c0: 1, r1: 3, c1: 3 });
    expect(store.getState().words.list).toBe(lists[3 * 4 + 3]);
  });

  it('a batch given up after its first part is asked for again on the next press there', async () => {
    const { store, f } = await readyStore();
    const first = store.getState().prefetchRegionWords(5);
    const call = f.next('wordsAhead');
    (call.progress as (p: unknown) => void)({ id: 1, type: 'wordsAheadPart', lists: [[5, list('near')]] });
    // The pointer rests on another patch: a newer batch, and the worker gives the first one up.
    void store.getState().prefetchRegionWords(10);
    call.resolve({ type: 'wordsAhead', imageId: 7, anchor: 5, lists: null });
    await first;
    expect(store.getState().wordsAhead?.regions).toMatchObject({ anchor: 5, complete: false });
    // Back on the first patch before the newer batch is answered: its part is not the whole batch.
    void store.getState().prefetchRegionWords(5);
    expect(f.calls.filter((c) => c.msg.type === 'wordsAhead').map((c) => c.msg)).toMatchObject([{ anchor: 10 }, { anchor: 5 }]);
  });
});
