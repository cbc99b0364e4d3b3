/** Heatmap slice: one word's score on every patch (the only per-patch array the store keeps). */
import { describeError } from './errors';
import type { HeatmapSlice } from './inspectorTypes';
import type { GetState, SetState, SliceDeps } from './types';

export function createHeatmapSlice(set: SetState, get: GetState, deps: SliceDeps): HeatmapSlice {
  const { client, latest } = deps;
  return {
    heatmap: null,

    async showHeatmap(word: number) {
      const isLatest = latest.begin('heatmap');
      try {
        const a = await client.request<'wordHeatmap'>({ type: 'wordHeatmap', word });
        if (!isLatest()) return;
        set({ heatmap: { word: a.word, label: a.label, values: a.values, min: a.min, max: a.max } });
      } catch (e) {
        if (!isLatest()) return;
        get().notify('error', `Could not compute the heatmap of word #${word}: ${describeError(e).text}`);
      }
    },

    clearHeatmap() {
      latest.cancel('heatmap');
      set({ heatmap: null });
    },
  };
}
