/**
 * Crash recovery: the client has already replaced the dead worker; the new one knows nothing,
 * so replay the model source and the image bytes, re-query the selection and the heatmap,
 * and tell the user what happened. The image replayed is the one being encoded when the worker
 * died (the user chose it; it must not be lost), else the one on screen.
 */
import type { Backend } from '../model/backend';
import { WorkerCrashError } from '../worker/client';
import { crashClause, describeError } from './errors';
import type { RecoverySlice } from './inspectorTypes';
import type { GetState, InflightImage, SetState, SliceDeps } from './types';

export function createRecoverySlice(set: SetState, get: GetState, deps: SliceDeps): RecoverySlice {
  const { client, latest, topN, inflight } = deps;

  /** Re-encodes kept image bytes; false when a newer image replaced it, encoding failed or the worker died again. */
  async function reencode(job: InflightImage): Promise<boolean> {
    const isLatestImage = latest.begin('image');
    inflight.image = job;
    set((s) => ({ image: { ...s.image, status: 'encoding' } }));
    try {
      const a = await client.request<'encodeImage'>({ type: 'encodeImage', name: job.name, source: job.source, topN });
      if (inflight.image === job) inflight.image = null;
      if (!isLatestImage()) return false;
      set((s) => ({
        image: {
          ...s.image,
          status: 'ready',
          name: a.name,
          original: a.original,
          crop: a.crop,
          preview: a.preview,
          global: a.global,
          id: a.imageId,
          timings: a.timings,
          bytes: a.bytes,
        },
      }));
      return true;
    } catch (e) {
      if (e instanceof WorkerCrashError) return false; // the next recovery takes over
      if (inflight.image === job) inflight.image = null;
      if (!isLatestImage()) return false;
      set((s) => ({ image: { ...s.image, status: 'idle', preview: null, global: null, id: null } }));
      get().notify('error', `After the worker restart, re-encoding "${job.name}" failed: ${describeError(e).text}`);
      return false;
    }
  }

  /**
   * The image to encode in the new worker: the interrupted one, unless it was itself a replay
   * (an image that kills the worker twice is given up, not replayed forever), else the shown one.
   */
  function imageToReplay(): InflightImage | null {
    const interrupted = inflight.image;
    inflight.image = null;
    if (interrupted && !interrupted.replayed) return { ...interrupted, replayed: true };
    if (interrupted) {
      get().notify('error', `Could not use the image "${interrupted.name}": the inference worker stopped twice while encoding it.`);
    }
    const { bytes, name } = get().image;
    return bytes && name ? { name, source: new Blob([bytes]), replayed: true } : null;
  }

  /** Loads the model again, encodes the image again, restores the user's rule; the notice on success. */
  async function replay(backend: Backend | null, done: (name: string) => string, failed: (name: string, error: string) => string) {
    const { source, info, backendChoice } = get().model;
    if (!source || !info) return;
    const isLatest = latest.begin('model');
    set((s) => ({ model: { ...s.model, status: 'loading', progress: null } }));
    try {
      // The graph that ran, not the choice: "auto" could pick another one on another backend.
      const loaded = await client.request<'loadBundle'>({ type: 'loadBundle', source, backend: backend ?? backendChoice, variant: info.vision.name });
      if (!isLatest()) return;
      set((s) => ({ model: { ...s.model, info: loaded.info, status: 'ready' } }));
      const sparsity = get().sparsity;
      const image = imageToReplay();
      if (image && !(await reencode(image))) return;
      // The new worker starts from the bundle's default rule; restore the user's.
      if (sparsity && JSON.stringify(sparsity) !== JSON.stringify(loaded.info.sparsify)) {
        await get().setSparsity(sparsity);
      } else {
        await get().refreshWords();
      }
      const hm = get().heatmap;
      if (hm) void get().showHeatmap(hm.word);
      if (get().patchdis.status !== 'idle') void get().runPatchDis();
      get().notify('info', done(info.name));
    } catch (e) {
      if (!isLatest()) return;
      const { text, details } = describeError(e);
      set((s) => ({
        model: { ...s.model, info: null, status: 'error', error: { text, details } },
        image: { ...s.image, status: 'idle' },
      }));
      get().notify('error', failed(info.name, text), details);
    }
  }

  return {
    async recoverFromCrash(message: string) {
      const reason = crashClause(message);
      const { source, info } = get().model;
      if (!source || !info) {
        // Nothing was loaded yet: whatever was in flight was rejected and reported by its caller,
        // except an encode, which waited for this replay; without a model there is none.
        const lost = inflight.image;
        inflight.image = null;
        if (lost) set((s) => ({ image: { ...s.image, status: s.image.preview ? 'ready' : 'idle' } }));
        get().notify('error', `The inference worker stopped (${reason}) — restarted it.`);
        return;
      }
      await replay(
        null,
        (name) => `The inference worker stopped (${reason}) — restarted it and reloaded ${name}.`,
        (name, error) => `The inference worker stopped (${reason}) and reloading ${name} failed: ${error}`,
      );
    },

    async restoreSession(backend: Backend, why: string) {
      await replay(
        backend,
        (name) => `${why} — ${name} is loaded again.`,
        (name, error) => `${why}, and reloading ${name} failed: ${error}`,
      );
    },
  };
}
