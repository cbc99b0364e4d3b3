/**
 * The explorer store: the only place that imports zustand. Slices are plain functions of
 * (set, get, deps) so tests can build a store around a fake worker client.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { Latest } from './latest';
import { createHeatmapSlice } from './heatmapSlice';
import { createImageSlice } from './imageSlice';
import { createModelSlice } from './modelSlice';
import { createNoticesSlice } from './noticesSlice';
import { createPatchDisSlice } from './patchdisSlice';
import { createQuerySlice } from './querySlice';
import { createRecoverySlice } from './recoverySlice';
import { createRetrievalSlice } from './retrievalSlice';
import { createSelectionSlice } from './selectionSlice';
import { createSparsitySlice } from './sparsitySlice';
import type { ClientPort, ExplorerState, SliceDeps } from './types';

/** Words per query: enough for a full cloud; the table shows the same list. */
export const DEFAULT_TOP_N = 80;

export type ExplorerStore = StoreApi<ExplorerState>;

export function createExplorerStore(client: ClientPort, topN = DEFAULT_TOP_N): ExplorerStore {
  const deps: SliceDeps = { client, topN, latest: new Latest() };
  const store = createStore<ExplorerState>()((set, get) => ({
    ...createNoticesSlice(set, get),
    ...createModelSlice(set, get, deps),
    ...createImageSlice(set, get, deps),
    ...createSelectionSlice(set, get, deps),
    ...createHeatmapSlice(set, get, deps),
    ...createSparsitySlice(set, get, deps),
    ...createRecoverySlice(set, get, deps),
    ...createQuerySlice(set, get, deps),
    ...createPatchDisSlice(set, get, deps),
    ...createRetrievalSlice(set, get, deps),
  }));
  client.onCrash((message) => void store.getState().recoverFromCrash(message));
  // A gallery's vectors belong to the model that made them: a new model starts with none open.
  store.subscribe((s, prev) => {
    if (s.model.info !== prev.model.info && prev.model.info !== null) s.resetRetrieval();
  });
  return store;
}
