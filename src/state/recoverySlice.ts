/**
 * Crash recovery: the client has already replaced the dead worker; the new one knows nothing,
 * so replay the model source and the image bytes, re-query the selection and the heatmap,
 * and tell the user what happened.
 */
import { describeError } from './errors';
import type { GetState, RecoverySlice, SetState, SliceDeps } from './types';

export function createRecoverySlice(set: SetState, get: GetState, deps: SliceDeps): RecoverySlice {
  const { client, latest, topN } = deps;
  /** Re-encodes the kept image bytes; false when a newer image replaced it or encoding failed. */
  async function reencode(bytes: ArrayBuffer, name: string): Promise<boolean> {
    const isLatestImage = latest.begin('image');
    set((s) => ({ image: { ...s.image, status: 'encoding' } }));
    try {
      const sent = bytes.slice(0);
      const a = await client.request<'encodeImage'>({ type: 'encodeImage', name, bytes: sent, topN }, undefined, [sent]);
      if (!isLatestImage()) return false;
      set((s) => ({ image: { ...s.image, status: 'ready', preview: a.preview, global: a.global, timings: a.timings } }));
      return true;
    } catch (e) {
      if (!isLatestImage()) return false;
      set((s) => ({ image: { ...s.image, status: 'idle', preview: null, global: null } }));
      get().notify('error', `After the worker restart, re-encoding "${name}" failed: ${describeError(e).text}`);
      return false;
    }
  }

  return {
    async recoverFromCrash(message: string) {
      const { source, info, backendChoice } = get().model;
      // Read as a clause inside the sentence: "stopped (the inference worker crashed: …)".
      const trimmed = message.replace(/\.$/, '');
      const reason = trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
      if (!source || !info) {
        // Nothing was loaded yet: whatever was in flight was rejected and reported by its caller.
        get().notify('error', `The inference worker stopped (${reason}) — restarted it.`);
        return;
      }
      const isLatest = latest.begin('model');
      set((s) => ({ model: { ...s.model, status: 'loading', progress: null } }));
      try {
        const loaded = await client.request<'loadBundle'>({ type: 'loadBundle', source, backend: backendChoice });
        if (!isLatest()) return;
        set((s) => ({ model: { ...s.model, info: loaded.info, status: 'ready' } }));
        const sparsity = get().sparsity;
        const { bytes, name } = get().image;
        if (bytes && name && !(await reencode(bytes, name))) return;
        // The new worker starts from the bundle's default rule; restore the user's.
        if (sparsity && JSON.stringify(sparsity) !== JSON.stringify(loaded.info.sparsify)) {
          await get().setSparsity(sparsity);
        } else {
          await get().refreshWords();
        }
        const hm = get().heatmap;
        if (hm) void get().showHeatmap(hm.word);
        get().notify('info', `The inference worker stopped (${reason}) — restarted it and reloaded ${info.name}.`);
      } catch (e) {
        if (!isLatest()) return;
        const { text, details } = describeError(e);
        set((s) => ({
          model: { ...s.model, info: null, status: 'error', error: { text, details } },
          image: { ...s.image, status: 'idle' },
        }));
        get().notify('error', `The inference worker stopped (${reason}) and reloading ${info.name} failed: ${text}`, details);
      }
    },
  };
}
