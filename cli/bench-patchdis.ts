/**
 * `lexvla bench-patchdis <bundle> <evalset-dir>`: how long text queries and PatchDis take with
 * onnxruntime-node, through the very functions the worker calls (src/worker/patchdis-handlers.ts,
 * src/patchdis/dataset.ts): text query -> relevance row, PatchDis on one image (labels + IoU,
 * image already encoded), and dataset throughput in images per second (encode included).
 * The browser's own figures are in its UI (query and PatchDis times, dataset images/s).
 */
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import { runPatchDisDataset } from '../src/patchdis/dataset';
import { patchDisImage, textQuery } from '../src/worker/patchdis-handlers';
import { expectPositionals, parseArgs, UsageError } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeIt(repeat: number, f: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function benchPatchdisCommand(argv: string[], io: Io): Promise<number> {
  const usage = 'lexvla bench-patchdis <bundle> <evalset-dir> [--repeat 5] [--json] [--backend cpu]';
  const p = parseArgs(argv, { repeat: 'number', json: 'boolean', backend: 'string' });
  const [bundle, evalDir] = expectPositionals(p, ['bundle', 'evalset-dir'], usage);
  const repeat = (p.flags.repeat as number | undefined) ?? 5;
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError(`--repeat is ${repeat}, expected a positive integer`);
  const source = sourceFromDir(evalDir);
  const { evalSet: set } = await loadEvalSet(source);
  const item = set.items.find((i) => i.mask);
  if (!item) throw new Error(`${evalDir}: no item has a mask; the benchmark needs one (evalset.json items[].mask)`);
  const engine = await loadEngine(bundle, parseDevice(p.flags.backend));
  try {
    const image = await source.read(item.image);
    const mask = await source.read(item.mask!);
    await engine.encode(image, item.image, 0);
    await textQuery(engine, set.classes[0], 50); // opens the text side once, outside the timings
    // A different class each time: a text seen before comes from the text model's cache.
    let q = 0;
    const queryMs = await timeIt(repeat, () => textQuery(engine, set.classes[1 + (q++ % (set.classes.length - 1 || 1))] ?? set.classes[0], 50));
    const labelAll = () => patchDisImage(engine, set.classes, null, { name: item.mask!, bytes: mask.slice().buffer });
    // The first run computes every class's text vector; later runs (any image) reuse them.
    const firstMs = await timeIt(1, labelAll);
    const imageMs = await timeIt(repeat, labelAll);
    const runs: number[] = [];
    for (let i = 0; i < repeat; i++) runs.push((await runPatchDisDataset(engine, set, (q) => source.read(q))).timing.imagesPerSecond);
    const info = engine.info();
    const result = {
      bundle: info.name,
      runtime: info.runtime,
      evalSet: set.name,
      images: set.items.filter((i) => i.mask).length,
      classes: set.classes.length,
      repeat,
      queryToRelevanceMs: queryMs,
      patchdisFirstMs: firstMs,
      patchdisPerImageMs: imageMs,
      datasetImagesPerSecond: median(runs),
    };
    if (p.flags.json) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      io.out(`${result.bundle} on ${result.evalSet} (${result.images} images, ${result.classes} classes, ${result.runtime}), median of ${repeat}:`);
      io.out(`  query "${set.classes[0]}" -> relevance   ${queryMs.toFixed(2)} ms`);
      io.out(`  PatchDis, one encoded image     first ${firstMs.toFixed(2)} ms (${set.classes.length} classes' text vectors computed, with IoU)`);
      io.out(`                                  again ${imageMs.toFixed(2)} ms (text vectors cached)`);
      io.out(`  PatchDis over the set           ${result.datasetImagesPerSecond.toFixed(1)} images/s (encode included)`);
    }
    return 0;
  } finally {
    await engine.dispose();
  }
}
