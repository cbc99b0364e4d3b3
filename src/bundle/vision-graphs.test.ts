import { describe, expect, it } from 'vitest';
import { lexicalFixture, lexicalWithVariantFixture } from './fixtures';
import { chooseVisionGraph, filesNotRun, visionGraphs, withVisionGraph } from './vision-graphs';

const m = lexicalWithVariantFixture().manifest;

describe('a bundle\'s vision graphs', () => {
  it('lists the exact graph first, then the variants in manifest order', () => {
    expect(visionGraphs(m).map((g) => [g.name, g.file, g.weights, g.field])).toEqual([
      ['exact', 'vision/model.onnx', 'fp32', 'vision'],
      ['int8', 'vision/model.int8.onnx', 'int8', 'vision.variants[0]'],
    ]);
  });

  it.each([
    { choice: 'auto', device: 'wasm', graph: 'exact', reason: "auto: the exact graph, the model's own words (a faster variant runs only when chosen)" },
    { choice: 'auto', device: 'webgpu', graph: 'exact', reason: "auto: the exact graph, the model's own words (a faster variant runs only when chosen)" },
    { choice: 'auto', device: 'cpu', graph: 'exact', reason: "auto: the exact graph, the model's own words (a faster variant runs only when chosen)" },
    { choice: 'exact', device: 'wasm', graph: 'exact', reason: 'chosen in settings' },
    { choice: 'int8', device: 'wasm', graph: 'int8', reason: 'chosen in settings' },
    { choice: 'int8', device: 'webgpu', graph: 'int8', reason: 'chosen in settings' },
    { choice: 'int4', device: 'wasm', graph: 'exact', reason: "this bundle has no graph \"int4\"; auto: the exact graph, the model's own words (a faster variant runs only when chosen)" },
  ] as const)('$choice on $device runs $graph', ({ choice, device, graph, reason }) => {
    const chosen = chooseVisionGraph(m, choice, device);
    expect([chosen.graph.name, chosen.reason]).toEqual([graph, reason]);
  });

  it('runs the exact graph of a bundle without variants, whatever was asked', () => {
    const plain = lexicalFixture().manifest;
    expect(chooseVisionGraph(plain, 'int8', 'wasm')).toMatchObject({ graph: { name: 'exact' }, reason: 'this bundle has no graph "int8"; auto: the bundle has no variant' });
    expect(withVisionGraph(plain, visionGraphs(plain)[0])).toBe(plain);
  });

  it('points vision.file at the graph that runs, and names the files it never reads', () => {
    const int8 = visionGraphs(m)[1];
    const seen = withVisionGraph(m, int8);
    expect([seen.vision.file, seen.vision.externalData, seen.vision.outputs]).toEqual(['vision/model.int8.onnx', undefined, m.vision.outputs]);
    expect(filesNotRun(m, int8)).toEqual(['vision/model.onnx']);
    expect(filesNotRun(m, visionGraphs(m)[0])).toEqual(['vision/model.int8.onnx']);
  });
});
