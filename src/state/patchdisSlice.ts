/**
 * PatchDis: the class list, an optional ground-truth mask, the labels of the current
 * image, and dataset runs over an evaluation set (progress, cancel, result). Label arrays are
 * int32 [patches]; the [patches, V] scores stay in the worker.
 */
import { WorkerRequestError } from '../worker/client';
import { describeError } from './errors';
import type { PatchDisSlice, PatchDisState } from './patchdisTypes';
import type { GetState, SetState, SliceDeps } from './types';

export function createPatchDisSlice(set: SetState, get: GetState, deps: SliceDeps): PatchDisSlice {
  const { client } = deps;
  let imageSeq = 0;
  /** The model, rule and class list last sent to prepareClasses. */
  let preparedFor: string | null = null;
  let nextJob = 1;
  const update = (p: Partial<PatchDisState>) => set((s) => ({ patchdis: { ...s.patchdis, ...p } }));
  const updateDataset = (p: Partial<PatchDisState['dataset']>) =>
    set((s) => ({ patchdis: { ...s.patchdis, dataset: { ...s.patchdis.dataset, ...p } } }));

  return {
    patchdis: {
      classes: [],
      threshold: null,
      mask: null,
      evalSet: null,
      status: 'idle',
      progress: null,
      result: null,
      error: null,
      dataset: { status: 'idle', done: 0, total: 0, label: '', result: null, error: null, job: null },
    },

    setPatchDisClasses(classes) {
      update({ classes });
    },

    preparePatchDisClasses(classes) {
      const model = get().model.info;
      // Vectors are per sparsity rule too: after the rule moved, the same list is prepared again.
      const rule = JSON.stringify(get().sparsity);
      const key = model && classes.length > 0 ? `${model.key}\u0000${rule}\u0000${classes.join('\u0000')}` : null;
      if (key === null || key === preparedFor) return;
      preparedFor = key;
      // A failure is the next PatchDis run's to report (it runs the same text graph); forget the
      // list so that a later ask tries again.
      client.request<'prepareClasses'>({ type: 'prepareClasses', classes }).then(
        // For benchmarks and tests: how long the worker took, and for how many names it ran the graph.
        (a) => void globalThis.performance?.mark('lexvla:classes-prepared', { detail: { ran: a.ran, ms: a.ms, classes: classes.length } }),
        () => {
          if (preparedFor === key) preparedFor = null;
        },
      );
    },
    setPatchDisThreshold(threshold) {
      update({ threshold });
    },
    setPatchDisMask(mask) {
      update({ mask, error: null });
    },

    async loadEvalSet(source) {
      try {
        const a = await client.request<'evalSetInfo'>({ type: 'evalSetInfo', source });
        update({ evalSet: { name: a.name, classes: a.classes, items: a.items, source }, classes: a.classes, error: null });
        get().preparePatchDisClasses(a.classes);
      } catch (e) {
        const { text, details } = describeError(e);
        get().notify('error', `Could not read the evaluation set: ${text}`, details);
      }
    },

    async runPatchDis() {
      const n = ++imageSeq;
      const { classes, threshold, mask } = get().patchdis;
      update({ status: 'running', progress: null, error: null });
      try {
        // The mask is copied (its bytes stay here for the next run), and sent only with its own image.
        const m = mask && mask.forImage === get().image.name ? { name: mask.name, bytes: mask.bytes.slice(0) } : null;
        const onProgress = (p: { loadedBytes: number; totalBytes: number }) => {
          if (n === imageSeq) update({ progress: { done: p.loadedBytes, total: p.totalBytes } });
        };
        const a = await client.request<'patchDisImage'>({ type: 'patchDisImage', classes, threshold, mask: m }, onProgress, m ? [m.bytes] : []);
        if (n !== imageSeq) return;
        update({ status: 'ready', progress: null, result: a.result });
      } catch (e) {
        if (n !== imageSeq) return;
        // The previous result is dropped: it would not match the mask or classes now chosen.
        update({ status: 'error', progress: null, result: null, error: describeError(e).text });
      }
    },

    async runPatchDisDataset() {
      const { evalSet, threshold } = get().patchdis;
      if (!evalSet) return;
      const job = nextJob++;
      updateDataset({ status: 'running', done: 0, total: evalSet.items.filter((i) => i.mask).length, label: '', result: null, error: null, job });
      try {
        const a = await client.request<'patchDisDataset'>({ type: 'patchDisDataset', source: evalSet.source, threshold, job }, (p) =>
          updateDataset({ done: p.loadedBytes, total: p.totalBytes, label: p.label }),
        );
        updateDataset({ status: 'done', result: a.result, job: null });
      } catch (e) {
        const { text } = describeError(e);
        const cancelled = e instanceof WorkerRequestError && e.detail.code === 'cancelled';
        updateDataset({ status: cancelled ? 'cancelled' : 'error', error: text, job: null });
      }
    },

    async cancelPatchDisDataset() {
      const job = get().patchdis.dataset.job;
      if (job === null) return;
      await client.request<'cancelJob'>({ type: 'cancelJob', job }).catch(() => undefined);
    },
  };
}
