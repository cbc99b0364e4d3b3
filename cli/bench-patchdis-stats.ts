/**
 * Statistics of `lexvla bench-patchdis-browser` (pure): the page's measures (src/app/perf.ts,
 * src/views/query/QueryPanel.tsx) summarised beside the CLI's figures for the same bundle and set.
 */
import { median, percentile } from './bench-stats';

/** Measure "lexvla:query": query submitted -> heatmap painted; `worker` is the worker's own ms. */
export interface QueryRun {
  worker: number;
  total: number;
}

/** Measure "lexvla:patchdis": "Label patches" -> result on screen; `worker` is the worker's own ms. */
export interface PatchDisRun {
  worker: number;
  total: number;
}

/** Measure "lexvla:patchdis-dataset": the whole set, wall time in the page and the worker's own rate. */
export interface DatasetRun {
  images: number;
  workerImagesPerSecond: number;
  total: number;
  imagesPerSecond: number;
}

/** The JSON of `lexvla bench-patchdis --json` (cli/bench-patchdis.ts), the fields used here. */
export interface CliFigures {
  runtime: string;
  images: number;
  classes: number;
  queryToRelevanceMs: number;
  /** The first PatchDis run: every class's text vector computed. */
  patchdisFirstMs: number;
  /** Later runs (median): the class vectors come from the text model's cache. */
  patchdisPerImageMs: number;
  datasetImagesPerSecond: number;
}

export interface PatchDisBenchSummary {
  query: { runs: number; medianMs: number; p95Ms: number; workerMedianMs: number };
  /** The first run (class vectors computed), and the median of the later runs (vectors cached). */
  image: { runs: number; first: { totalMs: number; workerMs: number }; medianMs: number; workerMedianMs: number };
  dataset: { runs: number; images: number; imagesPerSecond: number; workerImagesPerSecond: number };
  cli: CliFigures;
  /** Browser / CLI. Images/s: above 1 means the browser is faster; ms: above 1 means it is slower. */
  ratio: { queryWorkerMs: number; imageFirstWorkerMs: number; imageWorkerMs: number; datasetImagesPerSecond: number; datasetWorkerImagesPerSecond: number };
}

/** a / b, refusing a zero or negative denominator (a ratio to nothing would print as Infinity). */
export function ratio(a: number, b: number, what: string): number {
  if (!(b > 0)) throw new Error(`ratio: ${what} is ${b}, expected a positive number to divide by`);
  return a / b;
}

export function summarizePatchDisBench(
  queries: readonly QueryRun[],
  images: readonly PatchDisRun[],
  datasets: readonly DatasetRun[],
  cli: CliFigures,
): PatchDisBenchSummary {
  if (datasets.length === 0) throw new Error('summarizePatchDisBench: no dataset run, expected at least one');
  const sizes = new Set(datasets.map((d) => d.images));
  if (sizes.size !== 1 || !sizes.has(cli.images)) {
    throw new Error(`summarizePatchDisBench: the browser's dataset runs have ${[...sizes].join(', ')} images, the CLI's ${cli.images}; expected the same set`);
  }
  const query = {
    runs: queries.length,
    medianMs: median(queries.map((q) => q.total)),
    p95Ms: percentile(queries.map((q) => q.total), 95),
    workerMedianMs: median(queries.map((q) => q.worker)),
  };
  if (images.length < 2) throw new Error(`summarizePatchDisBench: ${images.length} PatchDis run(s), expected at least 2 (the first computes the class vectors, later ones reuse them)`);
  const later = images.slice(1);
  const image = {
    runs: images.length,
    first: { totalMs: images[0].total, workerMs: images[0].worker },
    medianMs: median(later.map((r) => r.total)),
    workerMedianMs: median(later.map((r) => r.worker)),
  };
  const dataset = {
    runs: datasets.length,
    images: cli.images,
    imagesPerSecond: median(datasets.map((d) => d.imagesPerSecond)),
    workerImagesPerSecond: median(datasets.map((d) => d.workerImagesPerSecond)),
  };
  return {
    query,
    image,
    dataset,
    cli,
    ratio: {
      queryWorkerMs: ratio(query.workerMedianMs, cli.queryToRelevanceMs, 'the CLI query time'),
      imageFirstWorkerMs: ratio(image.first.workerMs, cli.patchdisFirstMs, 'the CLI first PatchDis time'),
      imageWorkerMs: ratio(image.workerMedianMs, cli.patchdisPerImageMs, 'the CLI PatchDis time per image'),
      datasetImagesPerSecond: ratio(dataset.imagesPerSecond, cli.datasetImagesPerSecond, 'the CLI images/s'),
      datasetWorkerImagesPerSecond: ratio(dataset.workerImagesPerSecond, cli.datasetImagesPerSecond, 'the CLI images/s'),
    },
  };
}
