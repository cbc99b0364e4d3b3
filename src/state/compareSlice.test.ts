import { describe, expect, it } from 'vitest';
import { mapTarget } from './compareSlice';
import { createExplorerStore } from './store';
import { answeringClient, modelInfo } from './testing';

describe('mapTarget (the shared selection on the other bundle grid)', () => {
  it('passes targets through on equal grids', () => {
    expect(mapTarget({ kind: 'patch', index: 53 }, [16, 16], [16, 16])).toEqual({ kind: 'patch', index: 53 });
  });
  it('takes the cell under the source cell centre on another grid', () => {
    // 16x16 cell (3,5) centre = (3.5/16, 5.5/16) of the image -> 14x14 cell (3,4).
    expect(mapTarget({ kind: 'patch', index: 3 * 16 + 5 }, [16, 16], [14, 14])).toEqual({ kind: 'patch', index: 3 * 14 + 4 });
    expect(mapTarget({ kind: 'region', r0: 0, c0: 0, r1: 15, c1: 15 }, [16, 16], [7, 7])).toEqual({ kind: 'region', r0: 0, c0: 0, r1: 6, c1: 6 });
  });
});

describe('prepareCompareText (a Compare text field got the focus)', () => {
  it('opens the text side in both workers, once per model each, and asks again after a failure', async () => {
    let secondPrepares = 0;
    const main = answeringClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: modelInfo({ key: 'lex' }) }),
      prepareText: () => ({ type: 'textPrepared', ms: 1 }),
    });
    const second = answeringClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: modelInfo({ key: 'clip', kind: 'dense' }) }),
      // The first attempt fails (say, text.onnx is broken); the next focus asks again.
      prepareText: () => (++secondPrepares === 1 ? Promise.reject(new Error('text.onnx: broken')) : { type: 'textPrepared', ms: 1 }),
    });
    const store = createExplorerStore(main.port, 10, 10, () => second.port);
    store.getState().prepareCompareText(); // nothing loaded: nothing asked
    expect([main.count('prepareText'), second.count('prepareText')]).toEqual([0, 0]);
    await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
    store.getState().prepareCompareText(); // the second bundle is not open yet: the inspector's side only
    expect([main.count('prepareText'), second.count('prepareText')]).toEqual([1, 0]);
    await store.getState().openCompare('/clip/');
    store.getState().prepareCompareText();
    await new Promise((r) => setTimeout(r, 0));
    store.getState().prepareCompareText();
    store.getState().prepareCompareText();
    expect([main.count('prepareText'), second.count('prepareText')]).toEqual([1, 2]);
    // Another second bundle is prepared again.
    await store.getState().openCompare('/clip2/');
    store.getState().prepareCompareText();
    expect([main.count('prepareText'), second.count('prepareText')]).toEqual([1, 3]);
  });
});
