/** Model slice: loading a bundle, its progress, backend choice and the bundle cache. */
import { cacheKey, type BundleSourceMsg } from '../bundle/source-msg';
import { AUTO_VARIANT } from '../bundle/vision-graphs';
import { WorkerRequestError } from '../worker/client';
import { describeError } from './errors';
import type { CacheEntry, ModelSlice } from './inspectorTypes';
import type { GetState, SetState, SliceDeps } from './types';

export function createModelSlice(set: SetState, get: GetState, deps: SliceDeps): ModelSlice {
  const { client, latest, inflight } = deps;

  /** Lists the cache into the store and returns the entries. */
  async function listCache(): Promise<CacheEntry[]> {
    const { entries } = await client.request<'listCache'>({ type: 'listCache' });
    set((s) => ({ model: { ...s.model, cache: entries } }));
    return entries;
  }

  /** The cache's entry under `key`, listing the cache again first (undefined if none or unlistable). */
  async function cachedCopy(key: string): Promise<CacheEntry | undefined> {
    // A listing failure is not reported here: the load's own error is the one to show.
    return listCache().then((entries) => entries.find((c) => c.key === key), () => undefined);
  }

  return {
    model: {
      info: null,
      status: 'idle',
      progress: null,
      backendChoice: 'auto',
      variantChoice: AUTO_VARIANT,
      error: null,
      source: null,
      cache: [],
    },

    async loadBundle(source: BundleSourceMsg) {
      const isLatest = latest.begin('model');
      const m = get().model;
      const previous = m.info;
      let restarted = false;
      set({ model: { ...m, status: 'loading', progress: null } });
      const load = () =>
        client.request<'loadBundle'>({ type: 'loadBundle', source, backend: get().model.backendChoice, variant: get().model.variantChoice }, (p) => {
          if (!isLatest()) return;
          const { phase, label, loadedBytes, totalBytes } = p;
          set((s) => ({ model: { ...s.model, progress: { phase, label, loadedBytes, totalBytes } } }));
        });
      try {
        let answer;
        try {
          answer = await load();
        } catch (e) {
          // The worker ran sessions on another backend and cannot switch (onnxruntime-web keeps
          // one set-up per instance): load in a fresh worker instead.
          if (!(e instanceof WorkerRequestError && e.detail.code === 'restart-worker') || !isLatest()) throw e;
          restarted = true;
          client.restart();
          answer = await load();
        }
        if (!isLatest()) return;
        const info = answer.info;
        inflight.image = null;
        set((s) => ({
          model: { ...s.model, info, status: 'ready', progress: null, error: null, source },
          sparsity: info.sparsify,
          // A new model means new patch grid and vocabulary: old results no longer apply.
          image: { ...s.image, status: 'idle', preview: null, global: null, id: null, timings: null, name: null, original: null, bytes: null },
          selection: { hovered: null, pinned: null, region: null },
          words: { target: null, list: null, loading: false },
          heatmap: null,
        }));
        void get().refreshCache();
      } catch (e) {
        if (!isLatest()) return;
        const { text, details } = describeError(e);
        // A bundle that no longer loads from its URL (offline, moved, server down) may still be
        // in the cache from an earlier visit: say so, and offer it.
        const cached = source.kind === 'url' ? await cachedCopy(cacheKey(source)) : undefined;
        if (!isLatest()) return;
        if (previous !== null) {
          // The previous model stays usable: the failure is a notice. A restarted worker no longer
          // holds it, so it is loaded again there, on the backend it ran on.
          set((s) => ({ model: { ...s.model, status: 'ready', progress: null } }));
          const hint = cached ? ` (a copy from an earlier visit is under "Cached bundles": ${cached.name})` : '';
          get().notify('error', `Could not load the model bundle: ${text}${hint}`, details);
          if (restarted) await get().restoreSession(previous.backend, 'The inference worker was restarted to change backends');
        } else {
          // Nothing works without a model: the page shows this error in place of the app.
          set((s) => ({ model: { ...s.model, status: 'error', progress: null, error: { text, details, ...(cached ? { cached } : {}) } } }));
        }
      }
    },

    setBackendChoice(choice) {
      set((s) => ({ model: { ...s.model, backendChoice: choice } }));
    },

    async setVariantChoice(choice) {
      set((s) => ({ model: { ...s.model, variantChoice: choice } }));
      // Unlike the backend, the graph belongs to the bundle in use: switching means loading it
      // again (from the browser's stored copy when the bundle is unchanged at its URL).
      const { source, info } = get().model;
      if (source && info && info.vision.offered.length > 1) await get().loadBundle(source);
    },

    async refreshCache() {
      try {
        await listCache();
      } catch (e) {
        get().notify('error', `Could not list cached bundles: ${describeError(e).text}`);
      }
    },

    async clearCache() {
      try {
        await client.request<'clearCache'>({ type: 'clearCache' });
        set((s) => ({ model: { ...s.model, cache: [] } }));
        get().notify('info', 'Cleared the bundle cache.');
      } catch (e) {
        get().notify('error', `Could not clear the bundle cache: ${describeError(e).text}`);
      }
    },
  };
}
