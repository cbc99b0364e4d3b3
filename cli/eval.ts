/**
 * `lexvla eval retrieval` and `lexvla eval patchdis`: the paper's two measurements, computed
 * with the app's own Engine (onnxruntime-node) and the pure src/ modules.
 */
import { sourceFromDir } from '../src/bundle/node-source';
import { loadEvalSet } from '../src/bundle/loaders';
import type { EvalSetJson } from '../src/bundle/types';
import { IoUAccumulator, labelPatches, maskToPatchLabels, similarityDense, similarityLexical } from '../src/lexical';
import { sparsify, type SparseVector } from '../src/lexical/sparse';
import type { Engine } from '../src/model/engine';
import { alignMask, decodeMask } from '../src/model/mask';
import type { TextVector } from '../src/model/text';
import { denseSearcher, retrievalRecall, sparseSearcher, type RecallResult } from '../src/retrieval';
import { expectPositionals, parseArgs } from './args';
import type { Io } from './commands';
import { loadEngine, parseDevice } from './open';

type Vec = SparseVector | Float32Array;

function vectorOf(t: TextVector): Vec {
  return t.vector;
}

/** The encoded image's global vector: sparse under the current rule (lexical) or dense. */
function imageVector(engine: Engine): Vec {
  const img = engine.encoded!;
  return img.kind === 'lexical' ? sparsify(img.global, engine.sparsifyRule!) : img.global;
}

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
    const rule = engine.sparsifyRule;
    const images: Vec[] = [];
    const captions: Vec[] = [];
    const captionToImage: number[] = [];
    for (const [i, item] of set.items.entries()) {
      await engine.encode(await read(item.image), item.image, 0);
      images.push(imageVector(engine));
      for (const c of item.captions) {
        captions.push(vectorOf(await text.encode(c, rule)));
        captionToImage.push(i);
      }
    }
    const lexical = engine.info().kind === 'lexical';
    const r: RecallResult = lexical
      ? retrievalRecall(images as SparseVector[], captions as SparseVector[], captionToImage, [1, 5, 10], sparseSearcher)
      : retrievalRecall(images as Float32Array[], captions as Float32Array[], captionToImage, [1, 5, 10], denseSearcher);
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
    // Below this similarity a patch is background. 0 by default: every patch gets its best class.
    const threshold = (flags.threshold as number | undefined) ?? 0;
    const text = await engine.text();
    const C = set.classes.length;
    const classVecs = await Promise.all(set.classes.map(async (name) => vectorOf(await text.encode(name, engine.sparsifyRule))));
    const info = engine.info();
    const [H, W] = info.inputSize;
    const acc = new IoUAccumulator(C);
    let used = 0;
    for (const item of set.items) {
      if (!item.mask) continue;
      const r = await engine.encode(await read(item.image), item.image, 0);
      const mask = decodeMask(await read(item.mask), item.mask);
      if (mask.width !== r.original.width || mask.height !== r.original.height) {
        throw new Error(`${item.mask}: mask is ${mask.width} x ${mask.height}, expected the size of ${item.image} (${r.original.width} x ${r.original.height})`);
      }
      const aligned = alignMask(mask, r.crop, W, H);
      const gt = maskToPatchLabels(aligned.data, W, H, info.grid, C);
      const img = engine.encoded!;
      const sim = img.kind === 'lexical'
        ? similarityLexical(img.scores, classVecs as SparseVector[])
        : similarityDense(img.patches, concat(classVecs as Float32Array[]), img.dim);
      acc.add(labelPatches(sim, C, threshold), gt);
      used++;
    }
    if (used === 0) throw new Error(`${set.name}: no item has a mask; PatchDis needs class-index masks (evalset.json items[].mask)`);
    const res = acc.result();
    const perClass = res.perClass.map((c) => ({ class: set.classes[c.cls], iou: c.iou, inter: c.inter, union: c.union }));
    if (flags.json) {
      io.out(JSON.stringify({ bundle: info.name, evalSet: set.name, images: used, threshold, textMode: text.mode, miou: res.miou, perClass }, null, 2));
    } else {
      io.out(`${info.name} on ${set.name}: ${used} masked images, ${C} classes, threshold ${threshold} (text: ${text.mode})`);
      io.out(`mIoU ${(100 * res.miou).toFixed(1)}`);
      const width = Math.max(5, ...set.classes.map((c) => c.length));
      for (const c of perClass) io.out(`  ${c.class.padEnd(width)} ${c.iou === null ? '     —' : (100 * c.iou).toFixed(1).padStart(6)}`);
    }
    return 0;
  });
}

function concat(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((s, r) => s + r.length, 0));
  let o = 0;
  for (const r of rows) {
    out.set(r, o);
    o += r.length;
  }
  return out;
}
