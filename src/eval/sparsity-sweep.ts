/**
 * The sparsity sweep on one Engine: recall@K (evaluateRetrievalMulti) and PatchDis mIoU
 * (runPatchDisSweep) under each rule, the same shared loops as `eval retrieval` and
 * `eval patchdis`; images are encoded once per loop and re-sparsified per rule.
 * Driven by the worker and by `lexvla sweep`. In src/eval, above the src/model and
 * src/patchdis it drives (src/patchdis is built on src/model, so neither may import it).
 */
import type { EvalSetJson } from '../bundle/types';
import type { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import { engineMultiEncoder } from '../model/retrieval-encoder';
import { runPatchDisSweep } from '../patchdis/dataset';
import { evaluateRetrievalMulti } from '../retrieval/evaluate';
import { assembleSweepTable, sweepRules, type SweepSpec, type SweepTable } from '../retrieval/sweep';

interface SweepOptions {
  /** Steps done, steps in all (images of the recall pass, then masked images of the PatchDis pass). */
  onProgress?: (done: number, total: number, label: string) => void;
  isCancelled?: () => boolean;
}

export async function runSparsitySweep(
  engine: Engine,
  set: EvalSetJson,
  read: (path: string) => Promise<Uint8Array>,
  spec: SweepSpec,
  opts: SweepOptions = {},
): Promise<SweepTable> {
  const info = engine.info();
  // Dense bundles have no rule: every value gets the same numbers (CLIP's flat reference line).
  const base = engine.sparsifyRule ?? { threshold: 0, topK: null };
  const rules = sweepRules(spec, base);
  const masked = set.items.filter((it) => it.mask).length;
  const total = set.items.length + masked;
  const abort = new AbortController();
  const recalls = await evaluateRetrievalMulti(set, read, engineMultiEncoder(engine, rules), {
    onProgress: (d, _t, label) => {
      if (opts.isCancelled?.()) abort.abort(new EngineError('cancelled', `The sparsity sweep on ${set.name} was cancelled.`));
      opts.onProgress?.(d, total, `recall: ${label}`);
    },
    signal: abort.signal,
  });
  let miou: number[] | null = null;
  if (masked > 0 && set.classes.length > 0) {
    const points = await runPatchDisSweep(engine, set, read, rules, {
      isCancelled: opts.isCancelled,
      onProgress: (d, _t, label) => opts.onProgress?.(set.items.length + d, total, `PatchDis: ${label}`),
    });
    miou = points.map((p) => p.miou);
  }
  return assembleSweepTable({ bundle: info.name, kind: info.kind, evalSet: set.name }, spec, rules, recalls, miou);
}
