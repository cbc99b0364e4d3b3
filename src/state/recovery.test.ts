import type { WordList } from '../lexical/word-list';
import { describe, expect, it } from 'vitest';
import { WorkerRequestError } from '../worker/client';
import { phaseOf } from './phase';
import { createExplorerStore } from './store';
import { answerEncode, fakeClient, modelInfo, sentBytes } from './testing';

const info = modelInfo();
const list = (word: string): WordList => ({ indices: [1], words: [word], values: [1], activeCount: 1 });
const encoded = (name: string) => ({
  name, original: { width: 8, height: 8 }, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global: list(name),
});
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

async function withImage(topN?: number) {
  const f = fakeClient();
  const store = createExplorerStore(f.port, topN);
  const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
  f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
  await loading;
  f.next('listCache').resolve({ type: 'cacheList', entries: [] });
  const enc = store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
  await answerEncode(f.next('encodeImage'), encoded('a.png'));
  await enc;
  return { store, f };
}

describe('crash recovery', () => {
  it('encodes the image that was being encoded when the worker died, without an error notice', async () => {
    const { store, f } = await withImage();
    void store.getState().encodeImage('b.png', new Uint8Array([2, 2]).buffer);
    f.crash();
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
    await flush();
    const replay = f.next('encodeImage');
    expect(await sentBytes(replay)).toEqual([2, 2]);
    await answerEncode(replay, encoded('b.png'));
    await flush();
    const s = store.getState();
    expect(s.image.name).toBe('b.png');
    expect(s.image.global?.words).toEqual(['b.png']);
    expect([...new Uint8Array(s.image.bytes!)]).toEqual([2, 2]);
    expect(phaseOf(s)).toBe('ready');
    expect(s.notices.map((n) => n.level)).toEqual(['info']);
  });

  it('gives up an image that kills the worker twice and goes back to the previous one, saying so', async () => {
    const { store, f } = await withImage();
    void store.getState().encodeImage('bad.png', new Uint8Array([9]).buffer);
    f.crash();
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
    await flush();
    expect(await sentBytes(f.next('encodeImage'))).toEqual([9]);
    f.crash(); // the replay dies too
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
    await flush();
    const previous = f.next('encodeImage');
    expect(await sentBytes(previous)).toEqual([1]);
    await answerEncode(previous, encoded('a.png'));
    await flush();
    expect(store.getState().image.name).toBe('a.png');
    expect(store.getState().notices.find((n) => n.level === 'error')?.text).toBe(
      'Could not use the image "bad.png": the inference worker stopped twice while encoding it.',
    );
  });
});

describe('changing backends, word counts', () => {
  it('loads in a fresh worker when the worker says it cannot switch', async () => {
    const { store, f } = await withImage();
    store.getState().setBackendChoice('webgpu');
    const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
    f.next('loadBundle').reject(new WorkerRequestError({ code: 'restart-worker', message: 'This worker runs onnxruntime-web on wasm; loading on webgpu needs a fresh worker.' }));
    await flush();
    expect(f.restarts()).toBe(1);
    const again = f.next('loadBundle');
    expect(again.msg).toMatchObject({ backend: 'webgpu' });
    again.resolve({ type: 'bundleLoaded', info: { ...info, backend: 'webgpu' } });
    await loading;
    expect(store.getState().model.info?.backend).toBe('webgpu');
    expect(store.getState().notices).toEqual([]);
  });

  it('asks for 80 words for the whole image and 40 for a patch (a small cloud to lay out on hover)', async () => {
    const f = fakeClient();
    const store = createExplorerStore(f.port);
    const loading = store.getState().loadBundle({ kind: 'url', url: '/m/' });
    f.next('loadBundle').resolve({ type: 'bundleLoaded', info });
    await loading;
    const enc = store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
    const request = f.next('encodeImage');
    expect(request.msg).toMatchObject({ topN: 80 });
    await answerEncode(request, encoded('a.png'));
    await enc;
    store.getState().hoverPatch(3);
    expect(f.next('words').msg).toMatchObject({ topN: 40 });
  });
});
