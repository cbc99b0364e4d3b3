/**
 * The sweep reuses the shared loops: each of its rows must equal `eval retrieval` and
 * `eval patchdis` run with the engine set to that row's rule (colour fixture: lookup text),
 * and TextModel.encodeAt must equal encode per rule on the real onnx text graph (lexvla-tiny).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../cli/ort-node';
import { loadEvalSet } from '../bundle/loaders';
import { sourceFromDir } from '../bundle/node-source';
import { Engine } from '../model/engine';
import { engineRetrievalEncoder } from '../model/retrieval-encoder';
import { runPatchDisDataset } from '../patchdis/dataset';
import { evaluateRetrieval } from '../retrieval/evaluate';
import { runSparsitySweep } from './sparsity-sweep';

const engines: Engine[] = [];
async function open(dir: string): Promise<Engine> {
  const e = new Engine(nodeRuntime());
  engines.push(e);
  await e.load(sourceFromDir(dir), 'cpu');
  return e;
}
afterAll(async () => {
  for (const e of engines) await e.dispose();
});

describe('runSparsitySweep', () => {
  it('gives per rule the numbers of eval retrieval and eval patchdis under that rule', async () => {
    const engine = await open('e2e/fixtures/color-gallery-bundle');
    const src = sourceFromDir('e2e/fixtures/color-gallery-bundle/eval');
    const { evalSet } = await loadEvalSet(src);
    const read = (p: string) => src.read(p);
    const progress: string[] = [];
    const table = await runSparsitySweep(engine, evalSet, read, { axis: 'threshold', values: [0.1, 0.3, 0.999] }, {
      onProgress: (d, t) => progress.push(`${d}/${t}`),
    });
    expect(table.rows.map((r) => r.value)).toEqual([0.1, 0.3, 0.999]);
    expect(progress.at(-1)).toBe('4/4'); // 2 images for recall, then 2 masked images for PatchDis
    for (const row of table.rows) {
      engine.setSparsify(row.rule, 0);
      const r = await evaluateRetrieval(evalSet, read, engineRetrievalEncoder(engine));
      const pd = await runPatchDisDataset(engine, evalSet, read);
      expect({ i2t: row.i2t, t2i: row.t2i, miou: row.miou }).toEqual({ i2t: r.i2t, t2i: r.t2i, miou: pd.miou });
    }
    // A threshold no colour word reaches leaves every patch background: the curve must move.
    expect(table.rows[0].miou).toBeGreaterThan(table.rows[2].miou!);
  });

  it('encodes a caption once under the loosest rule and re-sparsifies it exactly (onnx text graph)', async () => {
    const engine = await open('public/models/lexvla-tiny');
    const text = await engine.text();
    const rules = [{ threshold: engine.sparsifyRule!.threshold, topK: 8 }, { threshold: 0.02, topK: null }, engine.sparsifyRule!];
    for (const caption of ['there are two eggplants', 'a raccoon at the left']) {
      const at = await text.encodeAt(caption, rules);
      for (const [i, r] of rules.entries()) expect(at[i]).toEqual(await text.encode(caption, r));
    }
  });
});
