/**
 * The vision graphs a bundle offers: the exact one (`vision.file`) and its variants
 * (`vision.variants`, docs/bundle-format.md "Variants"), and which one a load runs.
 * Pure: the worker, the CLI and the tests share it.
 */
import type { Manifest, VisionVariantSpec } from './types';

/** The name the exact graph (`vision.file`) goes by beside its variants. */
export const EXACT_VARIANT = 'exact';

/** One runnable vision graph of a bundle. */
export interface VisionGraph {
  /** "exact" for vision.file, else the variant's name. */
  name: string;
  file: string;
  externalData: string[];
  weights: VisionVariantSpec['weights'];
  note: string | null;
  /** Where the manifest describes it: "vision" or "vision.variants[i]". */
  field: string;
}

/** What the user asked for: "auto" (see chooseVisionGraph), "exact" or a variant's name. */
export type VariantChoice = string;
export const AUTO_VARIANT = 'auto';

/** Where the graph will run: the WebAssembly CPU backend, WebGPU, or onnxruntime-node's CPU provider. */
type Device = 'wasm' | 'webgpu' | 'cpu';

export function visionGraphs(m: Manifest): VisionGraph[] {
  const v = m.vision;
  const exact: VisionGraph = { name: EXACT_VARIANT, file: v.file, externalData: v.externalData ?? [], weights: v.weights, note: null, field: 'vision' };
  return [
    exact,
    ...(v.variants ?? []).map((x, i) => ({
      name: x.name,
      file: x.file,
      externalData: x.externalData ?? [],
      weights: x.weights,
      note: x.note ?? null,
      field: `vision.variants[${i}]`,
    })),
  ];
}

/**
 * The graph a load runs, and why. "auto": the exact graph, on every device. A variant runs only
 * when chosen (the model panel, `?variant=`): the int8 variant is faster on WASM (1.59x on a
 * paper-sized model, docs/benchmarks.md "Vision graph variants") but does not keep the model's
 * global top-20 word order (47% of positions on random weights, 86.5% on the trained tiny model),
 * and the explorer shows the model's own words unless asked otherwise.
 * A name the bundle does not list (a choice kept from another bundle) falls back to "auto".
 */
export function chooseVisionGraph(m: Manifest, choice: VariantChoice, _device: Device): { graph: VisionGraph; reason: string } {
  const graphs = visionGraphs(m);
  const [exact] = graphs;
  if (choice !== AUTO_VARIANT) {
    const named = graphs.find((g) => g.name === choice);
    if (named) return { graph: named, reason: 'chosen in settings' };
  }
  const missing = choice !== AUTO_VARIANT ? `this bundle has no graph "${choice}"; ` : '';
  if (graphs.length === 1) return { graph: exact, reason: `${missing}auto: the bundle has no variant` };
  return { graph: exact, reason: `${missing}auto: the exact graph, the model's own words (a faster variant runs only when chosen)` };
}

/**
 * The manifest as a load of `graph` sees it: `vision.file` and `vision.externalData` name the
 * graph that runs, so every message about a run (first run, outputs) names that file. Input,
 * outputs and the rest are shared by every graph of the bundle.
 */
export function withVisionGraph(m: Manifest, graph: VisionGraph): Manifest {
  if (graph.field === 'vision') return m;
  const { externalData: _exactData, ...vision } = m.vision;
  return { ...m, vision: { ...vision, file: graph.file, ...(graph.externalData.length > 0 ? { externalData: graph.externalData } : {}) } };
}

/** The files of the bundle's other vision graphs: what a load of `graph` never reads. */
export function filesNotRun(m: Manifest, graph: VisionGraph): string[] {
  const used = new Set([graph.file, ...graph.externalData]);
  const other = visionGraphs(m).flatMap((g) => [g.file, ...g.externalData]);
  return [...new Set(other.filter((p) => !used.has(p)))];
}
