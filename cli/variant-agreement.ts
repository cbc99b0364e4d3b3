/**
 * What each vision graph of a bundle makes of its evaluation images, for `lexvla bench-variants`:
 * the global word list a user sees (its top N, under the bundle's sparsification rule) and every
 * patch's PatchDis label, through the Engine the worker drives (src/model/engine.ts) on
 * onnxruntime-web's WebAssembly build (cli/ort-wasm-node.ts): the page's kernels and code path.
 * Graphs are opened one after the other: a paper-sized exact graph takes over 1 GB of a
 * WebAssembly memory that tops out at 4 GB.
 */
import { loadEvalSet } from '../src/bundle/loaders';
import { sourceFromDir } from '../src/bundle/node-source';
import type { EvalSetJson } from '../src/bundle/types';
import { defaultBackgroundThreshold } from '../src/lexical/background';
import { Engine } from '../src/model/engine';
import { encodeClasses, type EncodedClass } from '../src/patchdis/classes';
import { labelImage } from '../src/patchdis/label-image';
import type { GraphWords } from './bench-variants-stats';
import { wasmNodeRuntime } from './ort-wasm-node';

export interface AgreementSet {
  evalSet: EvalSetJson;
  /** Reads an image of the set by its evalset.json path. */
  read(path: string): Promise<Uint8Array>;
}

/** The bundle folder's own evaluation set (manifest `eval.dir`). */
export async function bundleEvalSet(bundleDir: string, evalDir: string): Promise<AgreementSet> {
  const source = sourceFromDir(bundleDir);
  const { evalSet, dir } = await loadEvalSet(source, evalDir);
  return { evalSet, read: (p) => source.read(dir ? `${dir}/${p}` : p) };
}

/**
 * The first `images` items of the set through `graph`; `classes` reuses class vectors computed
 * before (the text side is the same graph for every variant), else they are computed here.
 */
export async function graphWords(
  bundleDir: string,
  graph: string,
  set: AgreementSet,
  images: number,
  topN: number,
  threads: number,
  onImage: (done: number) => void,
  classes?: EncodedClass[],
): Promise<{ words: GraphWords; classes: EncodedClass[]; runtime: string }> {
  const engine = new Engine(await wasmNodeRuntime(threads));
  try {
    const info = await engine.load(sourceFromDir(bundleDir), 'wasm', undefined, { variant: graph });
    if (info.vision.name !== graph) throw new Error(`${bundleDir}: ran the vision graph "${info.vision.name}", asked for "${graph}" (${info.vision.reason})`);
    const cls = classes ?? (await encodeClasses(engine, set.evalSet.classes));
    const threshold = defaultBackgroundThreshold(info.kind, engine.sparsifyRule).threshold;
    const words: GraphWords = { top: [], labels: [] };
    for (const item of set.evalSet.items.slice(0, images)) {
      const { image } = await engine.encodeDetached(await set.read(item.image), item.image, 0);
      if (image.kind !== 'lexical') throw new Error(`${bundleDir}: a ${image.kind} bundle, expected a lexical one (its words are compared)`);
      words.top.push(engine.wordsOf(image.global, topN).indices);
      words.labels.push(labelImage(image, cls, threshold, null).labels);
      onImage(words.top.length);
    }
    return { words, classes: cls, runtime: info.runtime };
  } finally {
    await engine.dispose();
  }
}
