/** Model slice: loading a bundle, its progress, backend choice and the bundle cache. */
import { WorkerRequestError } from '../worker/client';
import type { BundleSourceMsg } from '../worker/protocol';
import { describeError } from './errors';
import type { GetState, ModelSlice, SetState, SliceDeps } from './types';

export function createModelSlice(set: SetState, get: GetState, deps: SliceDeps): ModelSlice {
  const { client, latest, inflight } = deps;
  return {
    model: {
      info: null,
      status: 'idle',
      progress: null,
      backendChoice: 'auto',
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
        client.request<'loadBundle'>({ type: 'loadBundle', source, backend: get().model.backendChoice }, (p) => {
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
          image: { ...s.image, status: 'idle', preview: null, global: null, timings: null, name: null, original: null, bytes: null },
          selection: { hovered: null, pinned: null, region: null },
          words: { target: null, list: null, loading: false },
          heatmap: null,
        }));
        void get().refreshCache();
      } catch (e) {
        if (!isLatest()) return;
        const { text, details } = describeError(e);
        if (previous !== null) {
          // The previous model stays usable: the failure is a notice. A restarted worker no longer
          // holds it, so it is loaded again there, on the backend it ran on.
          set((s) => ({ model: { ...s.model, status: 'ready', progress: null } }));
          get().notify('error', `Could not load the model bundle: ${text}`, details);
          if (restarted) await get().restoreSession(previous.backend, 'The inference worker was restarted to change backends');
        } else {
          // Nothing works without a model: the page shows this error in place of the app.
          set((s) => ({ model: { ...s.model, status: 'error', progress: null, error: { text, details } } }));
        }
      }
    },

    setBackendChoice(choice) {
      set((s) => ({ model: { ...s.model, backendChoice: choice } }));
    },

    async refreshCache() {
      try {
        const answer = await client.request<'listCache'>({ type: 'listCache' });
        set((s) => ({ model: { ...s.model, cache: answer.entries } }));
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
