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
import { createCompareSlice, watchCompare } from './compareSlice';
import { createSweepSlice } from './sweepSlice';
import { createViewSlice } from './viewSlice';
import { createVocabSlice } from './vocabSlice';
import { createCompareSearchSlice } from './compareSearchSlice';
import { createWholeWordsSlice, watchWholeWords } from './wholeWordsSlice';
import { createCompareWordsSlice, watchCompareWords } from './compareWordsSlice';
import { createComposerSlice } from './composerSlice';
import { COMPOSED_IMAGE } from './composerTypes';
import { createWordsAheadSlice } from './wordsAheadSlice';
import type { ClientPort, ExplorerState, SliceDeps } from './types';

/** Words per query: enough for a full cloud; the table shows the same list. */
export const DEFAULT_TOP_N = 80;
/**
 * Words per patch or region. A hover must repaint within one frame (docs/benchmarks.md): 40 words fill
 * the cloud's box readably and lay out in a few ms; the whole-image cloud keeps DEFAULT_TOP_N.
 */
export const DEFAULT_PATCH_TOP_N = 40;

export type ExplorerStore = StoreApi<ExplorerState>;

export function createExplorerStore(
  client: ClientPort,
  topN = DEFAULT_TOP_N,
  patchTopN = Math.min(topN, DEFAULT_PATCH_TOP_N),
  makeCompareClient?: () => ClientPort,
): ExplorerStore {
  // The Compare view's second worker is made on first use, once.
  let second: ClientPort | null = null;
  const deps: SliceDeps = {
    client,
    topN,
    patchTopN,
    latest: new Latest(),
    inflight: { image: null },
    makeCompareClient: makeCompareClient && (() => (second ??= makeCompareClient())),
    compareClient: () => second,
  };
  const store = createStore<ExplorerState>()((set, get) => ({
    ...createNoticesSlice(set, get),
    ...createModelSlice(set, get, deps),
    ...createImageSlice(set, get, deps),
    ...createSelectionSlice(set, get, deps),
    ...createWordsAheadSlice(set, get, deps),
    ...createHeatmapSlice(set, get, deps),
    ...createSparsitySlice(set, get, deps),
    ...createRecoverySlice(set, get, deps),
    ...createQuerySlice(set, get, deps),
    ...createPatchDisSlice(set, get, deps),
    ...createRetrievalSlice(set, get, deps),
    ...createCompareSlice(set, get, deps),
    ...createSweepSlice(set, get, deps),
    ...createViewSlice(set),
    ...createVocabSlice(set, get, deps),
    ...createCompareSearchSlice(set, get, deps),
    ...createWholeWordsSlice(set, get),
    ...createCompareWordsSlice(set, get, deps),
    ...createComposerSlice(set, get),
  }));
  store.subscribe(watchCompare);
  store.subscribe(watchWholeWords);
  store.subscribe(watchCompareWords);
  client.onCrash((message) => void store.getState().recoverFromCrash(message));
  // A gallery's vectors belong to the model that made them: a new model starts with none open.
  store.subscribe((s, prev) => {
    if (s.model.info !== prev.model.info && prev.model.info !== null) s.resetRetrieval();
  });
  // Another image (or a new model) replaced the composed scene: the model no longer shows it.
  store.subscribe((s, prev) => {
    if (s.image.name !== prev.image.name && s.image.name !== COMPOSED_IMAGE && s.composer.shown !== null) {
      store.setState({ composer: { ...s.composer, shown: null } });
    }
  });
  return store;
}
