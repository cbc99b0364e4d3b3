/** Sparsity slice: the threshold / top-k rule; changing it re-ranks the image and the selection. */
import type { SparsifySpec } from '../bundle/types';
import { describeError } from './errors';
import type { SparsitySlice } from './inspectorTypes';
import type { GetState, SetState, SliceDeps } from './types';
import { wholeWordsFlag } from './wholeWordsSlice';

export function createSparsitySlice(set: SetState, get: GetState, deps: SliceDeps): SparsitySlice {
  const { client, latest, topN } = deps;
  return {
    sparsity: null,

    async setSparsity(spec: SparsifySpec) {
      const isLatest = latest.begin('sparsity');
      // Shown at once so the slider follows the pointer; the words follow when the worker answers.
      set({ sparsity: spec });
      try {
        const a = await client.request<'setSparsify'>({ type: 'setSparsify', sparsify: spec, topN, ...wholeWordsFlag(get()) });
        if (!isLatest()) return;
        if (a.global) set((s) => ({ image: { ...s.image, global: a.global } }));
        void get().refreshWords();
      } catch (e) {
        if (!isLatest()) return;
        get().notify('error', `Could not apply the sparsity rule: ${describeError(e).text}`);
      }
    },
  };
}
