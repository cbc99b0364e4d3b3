import { describe, expect, it } from 'vitest';
import type { WordList } from '../lexical/word-list';
import type { WholeWordList } from '../lexical/whole-word-list';
import { answerEncode, loadedStore } from './testing';

const flush = () => new Promise((r) => setTimeout(r, 0));
const plain = (word: string): WordList => ({ indices: [1], words: [word], values: [0.5], activeCount: 2 });
const whole = (word: string): WholeWordList => ({
  indices: [100], words: [word], values: [0.2], activeCount: 2, known: 1,
  pieces: [[{ index: 1, word: 'sn', value: 0.5 }, { index: 2, word: 'ail', value: 0.2 }]],
});
const preview = { width: 1, height: 1, data: new Uint8ClampedArray(4) };

const readyStore = loadedStore;

describe('the whole-words switch', () => {
  it('is off by default, and its requests are then the plain ones', async () => {
    const { store, f } = await readyStore();
    expect(store.getState().wholeWords).toBe(false);
    void store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
    expect(f.next('encodeImage').msg).not.toHaveProperty('wholeWords');
  });

  it('asks again for the image and the selection when turned, and every later request carries it', async () => {
    const { store, f } = await readyStore();
    const enc = store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
    await answerEncode(f.next('encodeImage'), { name: 'a.png', original: { width: 1, height: 1 }, preview, global: plain('sn') });
    await enc;
    store.getState().togglePin(3);
    f.next('words').resolve({ type: 'words', target: { kind: 'patch', index: 3 }, words: plain('sn') });
    await flush();
    const on = store.getState().setWholeWords(true);
    const req = f.next('setSparsify');
    expect(req.msg).toMatchObject({ type: 'setSparsify', sparsify: { threshold: 0.1, topK: null }, wholeWords: true });
    req.resolve({ type: 'sparsifySet', global: whole('snail') });
    await on;
    expect(store.getState().image.global?.words).toEqual(['snail']);
    expect(f.next('words').msg).toMatchObject({ target: { kind: 'patch', index: 3 }, wholeWords: true });
    void store.getState().encodeImage('b.png', new Uint8Array([2]).buffer);
    expect(f.next('encodeImage').msg).toMatchObject({ wholeWords: true });
  });

  it('asks again for a list answered under the other setting (an encode that was under way when the switch turned)', async () => {
    const { store, f } = await readyStore();
    const enc = store.getState().encodeImage('a.png', new Uint8Array([1]).buffer);
    const call = f.next('encodeImage');
    void store.getState().setWholeWords(true); // no image yet: the worker answers null
    f.next('setSparsify').resolve({ type: 'sparsifySet', global: null });
    await flush();
    await answerEncode(call, { name: 'a.png', original: { width: 1, height: 1 }, preview, global: plain('sn') });
    await enc;
    expect(f.next('setSparsify').msg).toMatchObject({ wholeWords: true });
  });
});
