/**
 * Retrieval slice: galleries (the bundle's, indexed folders, stored ones), searches, recall
 * evaluation and index export, all answered by the worker. A newer search voids an older one.
 */
import { describeError } from './errors';
import type { RetrievalSlice, RetrievalState } from './retrievalTypes';
import type { GetState, SetState, SliceDeps } from './types';

/** Results per search: a grid's worth. */
const RESULTS_K = 12;
/** Explaining words per hit. */
export const WHY_WORDS = 6;

const initial = (): RetrievalState => ({
  gallery: null,
  stored: [],
  status: 'idle',
  job: null,
  progress: null,
  results: null,
  searching: false,
  evaluation: { status: 'idle', job: null, progress: null, evalSet: null, textMode: null, result: null },
});

let jobSeq = 0;
const newJob = (kind: string) => `${kind}-${++jobSeq}-${Date.now().toString(36)}`;

export function createRetrievalSlice(set: SetState, get: GetState, deps: SliceDeps): RetrievalSlice {
  const { client } = deps;
  let searchSeq = 0;
  let gallerySeq = 0;
  const patch = (p: Partial<RetrievalState>) => set((s) => ({ retrieval: { ...s.retrieval, ...p } }));
  const fail = (what: string, e: unknown) => {
    const { text, details } = describeError(e);
    get().notify('error', `${what}: ${text}`, details);
  };
  // The worker that held the gallery is gone: nothing is open any more.
  client.onCrash(() => get().resetRetrieval());

  async function open(request: () => Promise<{ gallery: RetrievalState['gallery'] }>, what: string): Promise<void> {
    const mine = ++gallerySeq;
    patch({ status: 'opening', results: null });
    try {
      const a = await request();
      if (mine !== gallerySeq) return;
      patch({ gallery: a.gallery, status: 'ready', results: null });
    } catch (e) {
      if (mine !== gallerySeq) return;
      patch({ status: get().retrieval.gallery ? 'ready' : 'idle' });
      fail(what, e);
    }
  }

  return {
    retrieval: initial(),

    openBundleGallery: () => open(() => client.request<'galleryOpen'>({ type: 'galleryOpen', source: { kind: 'bundle' } }), "Could not open the bundle's gallery"),

    openStoredGallery: (key) => open(() => client.request<'galleryOpen'>({ type: 'galleryOpen', source: { kind: 'stored', key } }), 'Could not open the stored gallery'),

    async indexGalleryFolder(name, files) {
      const job = newJob('index');
      const mine = ++gallerySeq;
      patch({ status: 'indexing', job, progress: { done: 0, total: files.length, label: name }, results: null });
      try {
        const a = await client.request<'galleryIndex'>({ type: 'galleryIndex', job, name, files }, (p) => {
          if (mine === gallerySeq) patch({ progress: { done: p.loadedBytes, total: p.totalBytes, label: p.label } });
        });
        if (mine !== gallerySeq) return;
        patch({ gallery: a.gallery, status: 'ready', job: null, progress: null });
        const skipped = a.gallery.skipped;
        get().notify('info', `Indexed ${a.gallery.items} images of ${name}${skipped.length ? `; skipped ${skipped.length}` : ''}.`, skipped.length ? skipped : undefined);
        void get().refreshStoredGalleries();
      } catch (e) {
        if (mine !== gallerySeq) return;
        patch({ status: get().retrieval.gallery ? 'ready' : 'idle', job: null, progress: null });
        fail(`Could not index ${name}`, e);
      }
    },

    async cancelRetrievalJob(which) {
      const job = which === 'index' ? get().retrieval.job : get().retrieval.evaluation.job;
      if (!job) return;
      await client.request<'retrievalCancel'>({ type: 'retrievalCancel', job }).catch((e) => fail('Could not cancel', e));
    },

    async refreshStoredGalleries() {
      try {
        const a = await client.request<'galleryList'>({ type: 'galleryList' });
        patch({ stored: a.entries });
      } catch (e) {
        fail('Could not list the stored galleries', e);
      }
    },

    async removeStoredGallery(key) {
      try {
        await client.request<'galleryRemove'>({ type: 'galleryRemove', key });
        if (get().retrieval.gallery?.key === key) patch({ gallery: null, status: 'idle', results: null });
        await get().refreshStoredGalleries();
      } catch (e) {
        fail('Could not remove the gallery', e);
      }
    },

    async searchGallery(query, target) {
      const mine = ++searchSeq;
      patch({ searching: true });
      try {
        const a = await client.request<'retrievalSearch'>({ type: 'retrievalSearch', query, target, k: RESULTS_K, explain: WHY_WORDS });
        if (mine !== searchSeq) return;
        patch({ results: a.result, searching: false });
      } catch (e) {
        if (mine !== searchSeq) return;
        patch({ searching: false });
        fail('Search failed', e);
      }
    },

    async galleryItemBytes(item) {
      try {
        const a = await client.request<'galleryImage'>({ type: 'galleryImage', item });
        return { name: a.name, bytes: a.bytes };
      } catch (e) {
        fail(`Could not read gallery image ${item + 1}`, e);
        return null;
      }
    },

    async openGalleryItem(item) {
      const got = await get().galleryItemBytes(item);
      if (got) await get().encodeImage(got.name.split('/').pop() || got.name, got.bytes);
    },

    async evaluateRecall(source) {
      const job = newJob('eval');
      const ev = (p: Partial<RetrievalState['evaluation']>) => set((s) => ({ retrieval: { ...s.retrieval, evaluation: { ...s.retrieval.evaluation, ...p } } }));
      ev({ status: 'running', job, progress: null, result: null, evalSet: null, textMode: null });
      try {
        const a = await client.request<'retrievalEval'>({ type: 'retrievalEval', job, source }, (p) =>
          ev({ progress: { done: p.loadedBytes, total: p.totalBytes, label: p.label } }),
        );
        ev({ status: 'done', job: null, progress: null, result: a.result, evalSet: a.evalSet, textMode: a.textMode });
      } catch (e) {
        ev({ status: 'idle', job: null, progress: null });
        fail('Recall evaluation failed', e);
      }
    },

    async exportGalleryIndex(format) {
      try {
        return (await client.request<'indexExport'>({ type: 'indexExport', format })).files;
      } catch (e) {
        fail(`Could not export the gallery for ${format}`, e);
        return null;
      }
    },

    resetRetrieval() {
      gallerySeq++;
      searchSeq++;
      set((s) => ({ retrieval: { ...initial(), stored: s.retrieval.stored } }));
    },
  };
}
