/**
 * The vision graph's first run, on a blank input, as part of loading: a graph that onnxruntime
 * opens but cannot run (a kernel it lacks, a Reshape that does not fit the input), or whose
 * outputs come back in other shapes than the manifest says (symbolic dimensions in the graph hide
 * this from the declared-shape check), fails the load here, with the file and the mismatch named,
 * instead of failing on the user's first image after the model was declared ready.
 */
import { formatIssues, makeIssue } from '../bundle/issues';
import { graphExpectations } from '../bundle/onnx-graph';
import type { BundleIssue, Manifest } from '../bundle/types';
import { EngineError, ortMessage } from './errors';
import { denseOutputs, lexicalOutputs } from './outputs';
import { feed, type RuntimeSession, type Tensor } from './runtime';

const RUN = 'a first run on a blank image';

/** Runs the vision graph once on zeros and checks what comes back; resolves to the run's ms. */
export async function firstRun(manifest: Manifest, vision: RuntimeSession): Promise<number> {
  const { file, input } = manifest.vision;
  const [h, w] = manifest.preprocess.inputSize;
  const t0 = performance.now();
  let outputs: Record<string, Tensor>;
  try {
    outputs = await vision.run({ [input.name]: feed('float32', new Float32Array(3 * h * w), [1, 3, h, w]) });
  } catch (e) {
    throw new EngineError('bad-model', `${file}: ${RUN} failed: ${ortMessage(e)}`);
  }
  const ms = performance.now() - t0;
  const issues = firstRunIssues(manifest, outputs);
  if (issues.length > 0) {
    const text = issues.length === 1 ? issues[0].message : `${file}: ${RUN} disagrees with manifest.json (${issues.length} problems):\n${formatIssues(issues)}`;
    throw new EngineError('bad-model', text, issues);
  }
  // What the user's first image would go through next; its errors name the file too.
  if (manifest.kind === 'lexical') lexicalOutputs(manifest, outputs, manifest.vocabulary?.size ?? 0);
  else denseOutputs(manifest, outputs);
  return ms;
}

/** Each output the manifest names: present, of its dtype, and of its shape with the batch at 1. */
export function firstRunIssues(manifest: Manifest, outputs: Record<string, Tensor>): BundleIssue[] {
  const [vision] = graphExpectations(manifest);
  const issues: BundleIssue[] = [];
  for (const { spec, field, note } of vision.outputs) {
    const label = `output ${JSON.stringify(spec.name)} of ${RUN}`;
    const where = (key: string) => `${field}.${key} in manifest.json${note ? `; ${note}` : ''}`;
    const t = outputs[spec.name];
    if (!t) {
      issues.push(makeIssue(vision.file, label, 'missing', `the output named by ${where('name')}`, `${vision.file}: ${label} is missing, expected the output named by ${field}.name in manifest.json (the run returned ${Object.keys(outputs).map((n) => JSON.stringify(n)).join(', ') || 'nothing'})`));
      continue;
    }
    if (t.type !== spec.dtype) issues.push(makeIssue(vision.file, `${label} element type`, t.type, `${spec.dtype} (${where('dtype')})`, `${vision.file}: ${label} has element type ${t.type}, expected ${spec.dtype} (${where('dtype')})`));
    const want = spec.shape.map((d) => (typeof d === 'string' ? 1 : d));
    if (t.dims.length !== want.length || t.dims.some((d, i) => d !== want[i])) {
      const found = `[${t.dims.join(',')}]`;
      const expected = `[${want.join(',')}] (${where('shape')})`;
      issues.push(makeIssue(vision.file, `${label} shape`, found, expected, `${vision.file}: ${label} has shape ${found}, expected ${expected}`));
    }
  }
  return issues;
}
