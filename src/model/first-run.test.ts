/**
 * A load is a load only once the vision graph has run: graphs whose declared shapes pass the
 * manifest check but that fail or return other shapes when run are refused by the load itself,
 * naming the file and the mismatch, and the model loaded before stays (onnxruntime-node, the same
 * Engine as the app's worker).
 */
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { denseFixture, fixtureFiles, jsonBytes, lexicalFixture, type FixtureBundle } from '../bundle/fixtures';
import { constantGraph, ELEM, encodeOnnx } from '../bundle/onnx-write';
import { sourceFromMemory } from '../bundle/source';
import { Engine } from './engine';
import type { EngineError } from './errors';

const PIXELS = { name: 'pixels', elemType: ELEM.float32, shape: [1, 3, 28, 28] };

/** The fixture with its vision graph replaced by `graph` (files[] re-listed), as a source. */
function withGraph(fixture: () => FixtureBundle, graph: Uint8Array, name = 'broken') {
  const b = fixture();
  b.files[b.manifest.vision.file] = graph;
  b.manifest.files = b.manifest.files.map((f) => ({ path: f.path, bytes: b.files[f.path].length }));
  return sourceFromMemory(name, { ...fixtureFiles(b), 'manifest.json': jsonBytes(b.manifest) });
}

interface Case {
  name: string;
  fixture: () => FixtureBundle;
  graph: Uint8Array;
  code: string;
  message: string | RegExp;
}

const cases: Case[] = [
  {
    name: 'outputs of other shapes than the manifest, hidden behind symbolic dimensions',
    fixture: lexicalFixture,
    graph: constantGraph({
      inputs: [PIXELS],
      outputs: [{ name: 'patch_scores', elemType: ELEM.float32, shape: ['b', 'p', 'v'] }, { name: 'global', elemType: ELEM.float32, shape: ['b', 'v'] }],
      runShapes: { patch_scores: [1, 4, 6], global: [1, 6] },
    }),
    code: 'bad-model',
    message:
      'vision/model.onnx: a first run on a blank image disagrees with manifest.json (2 problems):\n' +
      '- vision/model.onnx: output "patch_scores" of a first run on a blank image has shape [1,4,6], expected [1,4,5] (vision.outputs.patch.shape in manifest.json; 5 = vocabulary.size)\n' +
      '- vision/model.onnx: output "global" of a first run on a blank image has shape [1,6], expected [1,5] (vision.outputs.global.shape in manifest.json; 5 = vocabulary.size)',
  },
  {
    name: 'a dense graph with one patch too many',
    fixture: denseFixture,
    graph: constantGraph({ inputs: [PIXELS], outputs: [{ name: 'patch_emb', elemType: ELEM.float32, shape: [1, 'p', 8] }], runShapes: { patch_emb: [1, 5, 8] } }),
    code: 'bad-model',
    message: 'vision.onnx: output "patch_emb" of a first run on a blank image has shape [1,5,8], expected [1,4,8] (vision.outputs.patch.shape in manifest.json; 8 = embeddingDim)',
  },
  {
    name: 'a graph onnxruntime opens but cannot run',
    fixture: denseFixture,
    graph: encodeOnnx({
      inputs: [PIXELS],
      outputs: [{ name: 'patch_emb', elemType: ELEM.float32, shape: [1, 4, 8] }],
      initializers: [
        { name: 'one', dataType: ELEM.float32, dims: [], raw: new Uint8Array(new Float32Array([1]).buffer) },
        { name: 'shape', dataType: ELEM.int64, dims: [3], raw: new Uint8Array(new BigInt64Array([1n, 4n, 8n]).buffer) },
      ],
      nodes: [{ op: 'Reshape', inputs: ['one', 'shape'], outputs: ['patch_emb'] }],
    }),
    code: 'bad-model',
    // The first part is the explorer's; onnxruntime's own words follow.
    message: /^vision\.onnx: a first run on a blank image failed: .*Reshape/s,
  },
  {
    name: 'a graph whose declared output disagrees with the manifest (found before any run)',
    fixture: denseFixture,
    graph: constantGraph({ inputs: [PIXELS], outputs: [{ name: 'patch_emb', elemType: ELEM.float32, shape: [1, 4, 9] }] }),
    code: 'bad-bundle',
    message:
      'broken is not a valid bundle (1 problem):\n' +
      '- vision.onnx: graph output "patch_emb" shape is [1,4,9], expected [1,4,8] (vision.outputs.patch.shape in manifest.json; 8 = embeddingDim)',
  },
];

/** A 28 x 28 red PNG: what the "user" had open before the failed load. */
const red = encodePng({ width: 28, height: 28, data: new Uint8Array(28 * 28 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0)), channels: 3, depth: 8 });

describe('the first run is part of the load', () => {
  it('a valid bundle loads, its first run timed and not run again by the warm-up', async () => {
    const engine = new Engine(nodeRuntime());
    await engine.load(sourceFromMemory('good', fixtureFiles(lexicalFixture())), 'cpu');
    expect(engine.fullyChecked).toBe(true);
    const report = await engine.warmUp(undefined, 1, 0);
    expect(report.blankMs).toBeGreaterThan(0);
    await engine.dispose();
  });

  it('a stored copy that passed every check before (checkedCopy) is not run again before it is ready', async () => {
    const engine = new Engine(nodeRuntime());
    // The first case's graph fails its first run; as a checked copy, the load leaves the run to warmUp.
    await expect(engine.load(withGraph(cases[0].fixture, cases[0].graph), 'cpu', undefined, { checkedCopy: true })).resolves.toMatchObject({ name: 'tiny-lexical' });
    expect(engine.fullyChecked).toBe(false);
    await engine.dispose();
  });

  it.each(cases)('$name: refused, and the previous model and image stay', async ({ fixture, graph, code, message }) => {
    const engine = new Engine(nodeRuntime());
    await engine.load(sourceFromMemory('good', fixtureFiles(lexicalFixture())), 'cpu');
    await engine.encode(red, 'red.png', 3);
    let error: EngineError | null = null;
    await engine.load(withGraph(fixture, graph), 'cpu').catch((e: EngineError) => (error = e));
    expect(error).not.toBeNull();
    expect(error!.code).toBe(code);
    if (typeof message === 'string') expect(error!.message).toBe(message);
    else expect(error!.message).toMatch(message);
    expect(engine.manifest?.name).toBe('tiny-lexical');
    expect(engine.encoded?.name).toBe('red.png');
    expect(() => engine.words({ kind: 'patch', index: 0 }, 3)).not.toThrow();
    await engine.dispose();
  });
});
