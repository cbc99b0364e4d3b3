import { describe, expect, it } from 'vitest';
import { ratio, summarizePatchDisBench, type CliFigures } from './bench-patchdis-stats';

const cli: CliFigures = { runtime: 'onnxruntime-node', images: 20, classes: 297, queryToRelevanceMs: 4, patchdisFirstMs: 400, patchdisPerImageMs: 50, datasetImagesPerSecond: 10 };

describe('summarizePatchDisBench', () => {
  it('takes medians and the nearest-rank p95, and divides browser by CLI', () => {
    const queries = [10, 30, 20, 40, 100].map((total, i) => ({ total, worker: i + 1 }));
    const images = [{ worker: 800, total: 820 }, { worker: 100, total: 120 }, { worker: 60, total: 90 }, { worker: 80, total: 95 }];
    const datasets = [
      { images: 20, workerImagesPerSecond: 6, total: 4000, imagesPerSecond: 5 },
      { images: 20, workerImagesPerSecond: 4, total: 5000, imagesPerSecond: 4 },
    ];
    const s = summarizePatchDisBench(queries, images, datasets, cli);
    expect(s.query).toEqual({ runs: 5, medianMs: 30, p95Ms: 100, workerMedianMs: 3 });
    // The first run stands apart (it computes the class vectors); the median is over the others.
    expect(s.image).toEqual({ runs: 4, first: { totalMs: 820, workerMs: 800 }, medianMs: 95, workerMedianMs: 80 });
    expect(s.dataset).toEqual({ runs: 2, images: 20, imagesPerSecond: 4.5, workerImagesPerSecond: 5 });
    expect(s.ratio).toEqual({ queryWorkerMs: 0.75, imageFirstWorkerMs: 2, imageWorkerMs: 1.6, datasetImagesPerSecond: 0.45, datasetWorkerImagesPerSecond: 0.5 });
  });

  it('refuses dataset runs over another set than the CLI measured', () => {
    const d = { images: 2, workerImagesPerSecond: 1, total: 1, imagesPerSecond: 1 };
    const two = [{ worker: 1, total: 1 }, { worker: 1, total: 1 }];
    expect(() => summarizePatchDisBench([{ worker: 1, total: 1 }], two, [d], cli)).toThrow(/have 2 images, the CLI's 20/);
    expect(() => summarizePatchDisBench([{ worker: 1, total: 1 }], two, [], cli)).toThrow(/no dataset run/);
    expect(() => summarizePatchDisBench([{ worker: 1, total: 1 }], two.slice(1), [{ ...d, images: 20 }], cli)).toThrow(/expected at least 2/);
  });
});

describe('ratio', () => {
  it('divides, and names a zero denominator', () => {
    expect(ratio(3, 4, 'x')).toBe(0.75);
    expect(() => ratio(1, 0, 'the CLI images/s')).toThrow('ratio: the CLI images/s is 0, expected a positive number to divide by');
  });
});
