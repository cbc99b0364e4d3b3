/**
 * `lexvla sweep <bundle> <evalset-dir> [--topk 8,16,...] [--thresholds 0.005,...] [--json]`:
 * recall@K and PatchDis mIoU per sparsity setting, the table the browser's sweep plots
 * (the same runSparsitySweep, so the numbers are identical).
 */
import { loadEvalSet } from '../src/bundle/loaders';
import { sourceFromDir } from '../src/bundle/node-source';
import { runSparsitySweep } from '../src/eval/sparsity-sweep';
import { DEFAULT_TOPK_VALUES, formatSweepTable, parseSweepValues, type SweepSpec } from '../src/retrieval/sweep';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

const SWEEP_USAGE = 'lexvla sweep <bundle> <evalset-dir> [--topk 8,16,32] | [--thresholds 0.005,0.01] [--json] [--backend cpu]';

function sweepSpecFromFlags(flags: Record<string, unknown>): SweepSpec {
  const { topk, thresholds } = flags;
  if (topk !== undefined && thresholds !== undefined) throw new UsageError('--topk and --thresholds were both given; a sweep varies one of them');
  try {
    if (thresholds !== undefined) return { axis: 'threshold', values: parseSweepValues(String(thresholds), 'threshold') };
    return { axis: 'topk', values: topk === undefined ? DEFAULT_TOPK_VALUES : parseSweepValues(String(topk), 'topk') };
  } catch (e) {
    throw new UsageError(`--${thresholds !== undefined ? 'thresholds' : 'topk'}: ${(e as Error).message}`);
  }
}

export async function sweepCommand(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, { json: 'boolean', backend: 'string', topk: 'string', thresholds: 'string' });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], SWEEP_USAGE);
  const spec = sweepSpecFromFlags(p.flags);
  const source = sourceFromDir(evalDir);
  const { evalSet } = await loadEvalSet(source);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const table = await runSparsitySweep(engine, evalSet, (path) => source.read(path), spec);
    if (p.flags.json) io.out(JSON.stringify(table, null, 2));
    else for (const line of formatSweepTable(table)) io.out(line);
    return 0;
  } finally {
    await engine.dispose();
  }
}
