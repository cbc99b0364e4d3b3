/**
 * The sparsity sweep (the paper's Fig. 5): run over an evaluation set in the inspector's worker and, when
 * the Compare view has a second bundle, in its worker too; one SweepTable per bundle.
 */
import type { EvalSourceMsg } from '../bundle/source-msg';
import { DEFAULT_TOPK_VALUES, parseSweepValues } from '../retrieval/sweep';
import { WorkerRequestError } from '../worker/client';
import { describeError } from './errors';
import type { SweepSlice, SweepState } from './sweepTypes';
import type { ClientPort, GetState, SetState, SliceDeps } from './types';

/** Job tokens for the sweep live far from PatchDis's own (same worker registry). */
let nextJob = 1_000_000;

export function createSweepSlice(set: SetState, get: GetState, deps: SliceDeps): SweepSlice {
  let running: Array<{ client: ClientPort; job: number }> = [];
  const update = (p: Partial<SweepState>) => set((s) => ({ sweep: { ...s.sweep, ...p } }));
  return {
    sweep: { axis: 'topk', values: DEFAULT_TOPK_VALUES.join(', '), status: 'idle', done: 0, total: 0, label: '', tables: [], error: null },

    setSweepAxis(axis, values) {
      update({ axis, values });
    },

    async runSweep(source) {
      const { axis, values } = get().sweep;
      let parsed: number[];
      try {
        parsed = parseSweepValues(values, axis);
      } catch (e) {
        update({ status: 'error', error: (e as Error).message });
        return;
      }
      const src: EvalSourceMsg = source ?? get().patchdis.evalSet?.source ?? { kind: 'bundle' };
      const clients: ClientPort[] = [deps.client];
      const second = get().compare.status === 'ready' ? deps.compareClient?.() : null;
      if (second) clients.push(second);
      running = clients.map((client) => ({ client, job: nextJob++ }));
      update({ status: 'running', done: 0, total: 0, label: '', tables: [], error: null });
      const progress = new Map<number, [number, number]>();
      try {
        const tables = await Promise.all(
          running.map(({ client, job }) =>
            client
              .request<'sparsitySweep'>({ type: 'sparsitySweep', source: src, spec: { axis, values: parsed }, job }, (p) => {
                progress.set(job, [p.loadedBytes, p.totalBytes]);
                const sum = [...progress.values()].reduce((a, [d, t]) => [a[0] + d, a[1] + t], [0, 0]);
                update({ done: sum[0], total: sum[1], label: p.label });
              })
              .then((a) => a.table),
          ),
        );
        update({ status: 'done', tables });
      } catch (e) {
        const cancelled = e instanceof WorkerRequestError && e.detail.code === 'cancelled';
        update({ status: cancelled ? 'cancelled' : 'error', error: describeError(e).text });
        if (!cancelled) await get().cancelSweep();
      } finally {
        running = [];
      }
    },

    async cancelSweep() {
      await Promise.all(running.map(({ client, job }) => client.request<'cancelJob'>({ type: 'cancelJob', job }).catch(() => undefined)));
    },
  };
}
