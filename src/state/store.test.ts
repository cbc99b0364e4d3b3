import type { WordList } from '../lexical/word-list';
import type { Response } from '../worker/protocol';
import { describe, expect, it } from 'vitest';
import { WorkerRequestError } from '../worker/client';
import { createExplorerStore } from './store';
import { answerEncode, fakeClient, modelInfo, sentBytes } from './testing';
import { phaseOf } from './phase';

const info = modelInfo();
const list = (word: string): WordList => ({ indices: [1], words: [word], values: [1], activeCount: 1 });
const flush = () => new Promise((r) => setTimeout(r, 0));

async function readyStore() {
  const f = fakeClient();
  const store = createExplorerStore(f.port, 10);
  const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
  f.next('loadBundle').resolve({ type: 'bundleLoaded', info } satisfies Partial<Response>);
  await loading;
  f.next('listCache').resolve({ type: 'cacheList', entries: [] });
  const enc = store.getState().encodeImage('a.png', new Uint8Array([1, 2, 3]).buffer);
  await answerEncode(f.next('encodeImage'), {
    name: 'a.png', original: { width: 8, height: 8 }, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list('global'),
  });
  await enc;
  return { store, f };
}

describe('explorer store', () => {
  it('asks the worker to prepare the text side once per loaded model, and again after a failure', async () => {
    const f = fakeClient();
    const store = createExplorerStore(f.port, 10);
    store.getState().prepareText(); // no model yet: nothing to prepare
    expect(f.calls.filter((c) => c.msg.type === 'prepareText')).toHaveLength(0);
    const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info } satisfies Partial<Response>);
    await loading;
    store.getState().prepareText();
    store.getState().prepareText();
    f.next('prepareText').reject(new Error('text.onnx: broken'));
    await flush();
    expect(f.calls.filter((c) => c.msg.type === 'prepareText')).toHaveLength(0);
    store.getState().prepareText(); // the failure is forgotten: the next focus asks again
    f.next('prepareText').resolve({ type: 'textPrepared', ms: 5 });
    await flush();
    store.getState().prepareText();
    expect(f.calls.filter((c) => c.msg.type === 'prepareText')).toHaveLength(0);
    // Another model is prepared again.
    const other = store.getState().loadBundle({ kind: 'url', url: '/n/' });
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info: modelInfo({ key: 'n' }) } satisfies Partial<Response>);
    await other;
    store.getState().prepareText();
    expect(f.calls.filter((c) => c.msg.type === 'prepareText')).toHaveLength(1);
  });

  it('asks the worker to prepare an evaluation set\'s class names once per model and list, and again after a failure', async () => {
    const { store, f } = await readyStore();
    const sent = () => f.calls.filter((c) => c.msg.type === 'prepareClasses');
    const loading = store.getState().loadEvalSet({ kind: 'bundle' });
    f.next('evalSetInfo').resolve({ type: 'evalSetLoaded', name: 'set', classes: ['dog', 'cat'], items: [] } satisfies Partial<Response>);
    await loading;
    expect(store.getState().patchdis.classes).toEqual(['dog', 'cat']);
    expect(sent().map((c) => c.msg)).toEqual([expect.objectContaining({ type: 'prepareClasses', classes: ['dog', 'cat'] })]);
    f.next('prepareClasses').reject(new Error('text.onnx: broken'));
    await flush();
    store.getState().preparePatchDisClasses(['dog', 'cat']); // forgotten after the failure: asked again
    f.next('prepareClasses').resolve({ type: 'classesPrepared', ran: 2, ms: 1 });
    await flush();
    store.getState().preparePatchDisClasses(['dog', 'cat']); // done for this model: not again
    store.getState().preparePatchDisClasses([]); // nothing to prepare
    expect(sent()).toHaveLength(0);
    store.getState().preparePatchDisClasses(['dog', 'cat', 'fish']);
    expect(sent().map((c) => (c.msg as unknown as { classes: string[] }).classes)).toEqual([['dog', 'cat', 'fish']]);
    // Vectors are per sparsity rule: once the rule moved, the same list is prepared again.
    const moved = store.getState().setSparsity({ threshold: 0.2, topK: null });
    f.next('setSparsify').resolve({ type: 'sparsifySet', global: null } as unknown as Partial<Response>);
    await moved;
    store.getState().preparePatchDisClasses(['dog', 'cat', 'fish']);
    expect(sent()).toHaveLength(2);
  });

  it("shows the worker's early preview while encoding, and changes the name, words and preview only when done", async () => {
    const { store, f } = await readyStore();
    const before = store.getState().image;
    const enc = store.getState().encodeImage('b.png', new Uint8Array([4]).buffer);
    const req = f.next('encodeImage');
    const early = { width: 1, height: 1, data: new Uint8ClampedArray([9, 9, 9, 255]) };
    req.progress?.({ type: 'imagePreview', name: 'b.png', original: { width: 2, height: 2 }, preview: early });
    let s = store.getState().image;
    expect([s.status, s.incoming]).toEqual(['encoding', early]);
    // Everything keyed on the image (PatchDis, queries, the subtitle) still sees the previous one.
    expect([s.name, s.preview, s.global]).toEqual([before.name, before.preview, before.global]);
    req.resolve({
      type: 'imageEncoded', name: 'b.png', original: { width: 2, height: 2 },
      preview: { width: 1, height: 1, data: new Uint8ClampedArray([9, 9, 9, 255]) }, global: list('bee'),
      timings: { decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
    });
    await enc;
    s = store.getState().image;
    // The same object as the early preview: the canvas showing it has nothing to redraw.
    expect(s.preview).toBe(early);
    expect([s.status, s.name, s.global?.words, s.incoming]).toEqual(['ready', 'b.png', ['bee'], null]);
  });

  it("ignores an older encode's early preview once a newer image was chosen", async () => {
    const { store, f } = await readyStore();
    void store.getState().encodeImage('old.png', new Uint8Array([1]).buffer);
    const older = f.next('encodeImage');
    void store.getState().encodeImage('new.png', new Uint8Array([2]).buffer);
    const preview = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    older.progress?.({ type: 'imagePreview', name: 'old.png', original: { width: 1, height: 1 }, preview });
    expect(store.getState().image.incoming).toBeNull();
  });

  it('drops an older hover answer that arrives after a newer one', async () => {
    const { store, f } = await readyStore();
    store.getState().hoverPatch(1);
    store.getState().hoverPatch(2);
    const first = f.next('words');
    const second = f.next('words');
    expect(first.msg).toMatchObject({ target: { kind: 'patch', index: 1 } });
    second.resolve({ type: 'words', target: { kind: 'patch', index: 2 }, words: list('two') });
    await flush();
    first.resolve({ type: 'words', target: { kind: 'patch', index: 1 }, words: list('one') });
    await flush();
    expect(store.getState().words.list?.words).toEqual(['two']);
    expect(store.getState().words.target).toEqual({ kind: 'patch', index: 2 });
  });

  it('keeps the pinned patch when the pointer hovers elsewhere; a drag replaces it', async () => {
    const { store, f } = await readyStore();
    store.getState().togglePin(5);
    f.next('words');
    store.getState().hoverPatch(6);
    expect(f.calls.filter((c) => c.msg.type === 'words')).toHaveLength(0);
    store.getState().selectRegion({ r0: 0, c0: 0, r1: 1, c1: 1 });
    expect(f.next('words').msg).toMatchObject({ target: { kind: 'region', r0: 0, c0: 0, r1: 1, c1: 1 } });
    store.getState().movePinned(1, 1);
    // Arrow keys continue from the region's top-left patch (0, 0): one down, one right on a 4x4 grid.
    expect(store.getState().selection).toEqual({ hovered: null, pinned: 5, region: null });
    store.getState().movePinned(9, -9);
    expect(store.getState().selection.pinned).toBe(12); // clamped to row 3, col 0
  });

  it('keeps the previous model usable when a new bundle fails, and stays "ready"', async () => {
    const { store, f } = await readyStore();
    const p = store.getState().loadBundle({ kind: 'url', url: '/bad/' });
    expect(phaseOf(store.getState())).toBe('loading');
    f.next('loadBundle').reject(new WorkerRequestError({ code: 'bad-bundle', message: 'manifest.json: version is 9, expected 1' }));
    await flush();
    f.next('listCache').resolve({ type: 'cacheList', entries: [] });
    await p;
    const s = store.getState();
    expect(s.model.info?.name).toBe('tiny');
    expect(phaseOf(s)).toBe('ready');
    expect(s.notices.at(-1)?.text).toBe('Could not load the model bundle: manifest.json: version is 9, expected 1');
  });

  it('points to the copy an earlier visit cached when a URL bundle no longer loads', async () => {
    const { store, f } = await readyStore();
    const copy = { key: 'url:https://models.example/lex/', name: 'lex-b14', bytes: 5e8 };
    const p = store.getState().loadBundle({ kind: 'url', url: 'https://models.example/lex/' });
    f.next('loadBundle').reject(new WorkerRequestError({ code: 'network', message: 'https://models.example/lex/manifest.json: the server did not answer' }));
    await flush();
    f.next('listCache').resolve({ type: 'cacheList', entries: [{ key: 'url:/other/', name: 'other', bytes: 1 }, copy] });
    await p;
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Could not load the model bundle: https://models.example/lex/manifest.json: the server did not answer (a copy from an earlier visit is under "Cached bundles": lex-b14)',
    );
    expect(store.getState().model.cache).toHaveLength(2);
  });

  it('is in phase "error" when the first bundle fails', async () => {
    const f = fakeClient();
    const store = createExplorerStore(f.port);
    const p = store.getState().loadBundle({ kind: 'url', url: '/missing/' });
    f.next('loadBundle').reject(new WorkerRequestError({ code: 'network', message: '/missing/manifest.json: HTTP 404' }));
    await flush();
    f.next('listCache').resolve({ type: 'cacheList', entries: [] });
    await p;
    expect(phaseOf(store.getState())).toBe('error');
    expect(store.getState().model.error).toEqual({ text: '/missing/manifest.json: HTTP 404', details: undefined });
    // The page shows this error in place of the app; a notice would say it twice.
    expect(store.getState().notices).toEqual([]);
  });

  it('with no model yet, offers the cached copy of the URL that failed, which then loads', async () => {
    const f = fakeClient();
    const store = createExplorerStore(f.port);
    const copy = { key: 'url:/moved/', name: 'tiny', bytes: 1000 };
    const p = store.getState().loadBundle({ kind: 'url', url: '/moved/' });
    f.next('loadBundle').reject(new WorkerRequestError({ code: 'network', message: '/moved/manifest.json: HTTP 404' }));
    await flush();
    f.next('listCache').resolve({ type: 'cacheList', entries: [copy] });
    await p;
    expect(store.getState().model.error).toEqual({ text: '/moved/manifest.json: HTTP 404', details: undefined, cached: copy });
    const again = store.getState().loadBundle({ kind: 'cached', key: copy.key });
    const req = f.next('loadBundle');
    expect(req.msg).toMatchObject({ source: { kind: 'cached', key: 'url:/moved/' } });
    req.resolve({ type: 'bundleLoaded', info: modelInfo({ key: copy.key, fromCache: true }) });
    await again;
    expect(phaseOf(store.getState())).toBe('ready');
    expect(store.getState().model.error).toBeNull();
  });

  it('shows how many PatchDis class names are encoded while it runs, for the latest run only, and clears it', async () => {
    const { store, f } = await readyStore();
    store.getState().setPatchDisClasses(['cat', 'dog', 'emu']);
    const first = store.getState().runPatchDis();
    const older = f.next('patchDisImage');
    const second = store.getState().runPatchDis();
    const latest = f.next('patchDisImage');
    const classes = (done: number) => ({ type: 'progress', phase: 'classes', loadedBytes: done, totalBytes: 3, label: 'class names encoded' });
    older.progress?.(classes(2)); // a run the user replaced: not shown
    expect(store.getState().patchdis).toMatchObject({ status: 'running', progress: null });
    latest.progress?.(classes(1));
    expect(store.getState().patchdis).toMatchObject({ status: 'running', progress: { done: 1, total: 3 } });
    const result = { classes: ['cat', 'dog', 'emu'], labels: new Int32Array(16), gt: null, iou: null, ms: 1 };
    older.resolve({ type: 'patchDisImaged', result });
    latest.resolve({ type: 'patchDisImaged', result });
    await Promise.all([first, second]);
    expect(store.getState().patchdis).toMatchObject({ status: 'ready', progress: null, result });
  });

  it('after a crash reloads the model, re-encodes the kept image bytes and says so', async () => {
    const { store, f } = await readyStore();
    f.port.simulateCrash();
    const reload = f.next('loadBundle');
    expect(reload.msg).toMatchObject({ source: { kind: 'url', url: '/m/' } });
    reload.resolve({ type: 'bundleLoaded', info });
    await flush();
    const enc = f.next('encodeImage');
    expect(await sentBytes(enc)).toEqual([1, 2, 3]);
    await answerEncode(enc, {
      name: 'a.png', original: { width: 8, height: 8 }, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list('again'),
    });
    await flush();
    await flush();
    const s = store.getState();
    expect(s.image.global?.words).toEqual(['again']);
    expect(phaseOf(s)).toBe('ready');
    expect(s.notices.at(-1)?.text).toBe(
      'The inference worker stopped (the inference worker was terminated) — restarted it and reloaded tiny.',
    );
  });
});
