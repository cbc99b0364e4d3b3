/**
 * `lexvla eval retrieval` and `lexvla eval patchdis`: the paper's two measurements, computed
 * with the app's own Engine (onnxruntime-node) and the pure src/ modules.
 */
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import type { EvalSetJson } from '../src/bundle/types';
import type { Engine } from '../src/model/engine';
import { patchErrorLines, runPatchDisDataset } from '../src/patchdis/dataset';
import { engineRetrievalEncoder } from '../src/model/retrieval-encoder';
import { evaluateRetrieval, type RecallResult } from '../src/retrieval';
import { expectPositionals, parseArgs } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

async function withEval<T>(argv: string[], extra: Record<string, 'number'>, usage: string, run: (engine: Engine, set: EvalSetJson, read: (p: string) => Promise<Uint8Array>, flags: Record<string, unknown>) => Promise<T>): Promise<T> {
  const p = parseArgs(argv, { json: 'boolean', backend: 'string', ...extra });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], usage);
  const source = sourceFromDir(evalDir);
  const { evalSet: set } = await loadEvalSet(source);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    return await run(engine, set, (path) => source.read(path), p.flags);
  } finally {
    await engine.dispose();
  }
}

export async function retrievalCommand(argv: string[], io: Io): Promise<number> {
  const usage = 'lexvla eval retrieval <bundle> <evalset-dir> [--json] [--backend cpu]';
  return withEval(argv, {}, usage, async (engine, set, read, flags) => {
    const text = await engine.text();
    // The same function the browser's evaluation panel calls: identical numbers by construction.
    const r: RecallResult = await evaluateRetrieval(set, read, engineRetrievalEncoder(engine));
    const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
    if (flags.json) {
      io.out(JSON.stringify({ bundle: engine.info().name, evalSet: set.name, textMode: text.mode, ...r }, null, 2));
    } else {
      io.out(`${engine.info().name} on ${set.name}: ${r.images} images, ${r.captions} captions (text: ${text.mode})`);
      io.out('direction      R@1    R@5   R@10');
      io.out(`image->text ${pct(r.i2t[1])} ${pct(r.i2t[5])} ${pct(r.i2t[10])}`);
      io.out(`text->image ${pct(r.t2i[1])} ${pct(r.t2i[5])} ${pct(r.t2i[10])}`);
    }
    return 0;
  });
}

export async function patchdisCommand(argv: string[], io: Io): Promise<number> {
  const usage = 'lexvla eval patchdis <bundle> <evalset-dir> [--threshold t] [--json] [--backend cpu]';
  return withEval(argv, { threshold: 'number' }, usage, async (engine, set, read, flags) => {
    // The same loop the browser's worker runs (src/patchdis/dataset.ts); no --threshold = the
    // documented default rule (src/lexical/background.ts, docs/patchdis.md).
    const r = await runPatchDisDataset(engine, set, read, { threshold: flags.threshold as number | undefined });
    if (flags.json) {
      io.out(JSON.stringify(r, null, 2)); // the object the browser's JSON export writes
    } else {
      io.out(`${r.bundle} on ${r.evalSet}: ${r.images} masked images, ${r.classes.length} classes, threshold ${r.threshold.toPrecision(4)} — ${r.thresholdRule} (text: ${r.textMode})`);
      io.out(`mIoU ${(100 * r.miou).toFixed(1)}`);
      io.out(`where the ${r.errors.patches} patches went (shares of all patches):`);
      for (const line of patchErrorLines(r.errors)) io.out(`  ${line}`);
      const width = Math.max(5, ...r.classes.map((c) => c.length));
      for (const c of r.perClass) io.out(`  ${c.class.padEnd(width)} ${c.iou === null ? '     —' : (100 * c.iou).toFixed(1).padStart(6)}`);
      io.out(`${r.timing.imagesPerSecond.toFixed(1)} images/s (${r.timing.totalMs.toFixed(0)} ms in all)`);
    }
    return 0;
  });
}
