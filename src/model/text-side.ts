/**
 * The text side of a loaded model: opened once, on first use (the explorer may never need it),
 * and prepared ahead of the user's first query.
 */
import type { SparsifyRule } from '../lexical/sparse';
import type { LoadedModel } from './load';
import type { Runtime } from './runtime';
import { TextModel } from './text';

/** The text prepareText encodes (a real query of it is then answered from the text cache). */
const PREPARE_TEXT = 'a photo';

/** `current()`: `m` is still the Engine's model; a failed open is then retried by a later call. */
export function openText(runtime: Runtime, m: LoadedModel, current: () => boolean): Promise<TextModel> {
  if (!m.text) {
    m.text = TextModel.create(runtime, m.source, m.manifest, m.vocab, m.device);
    m.text.catch(() => {
      if (current()) m.text = null; // let a later call retry
    });
  }
  return m.text;
}

/**
 * Opens the text side and encodes one text through it (tokenizer, text graph, sparsification),
 * so that the user's first query does not pay for it: on lexvla-tiny in the browser the first
 * query reached its heatmap in 518 ms without it, 120 ms with it (docs/benchmarks.md, "Tried and
 * not kept"). The app asks when a text field gets the focus, while the user types. Once per
 * model; resolves to the ms it took, and never rejects (a failure is reported by the query
 * itself, which retries).
 */
export function prepareText(
  m: LoadedModel,
  text: () => Promise<TextModel>,
  rule: () => SparsifyRule | null,
  current: () => boolean,
): Promise<number> {
  m.textPrepared ??= (async () => {
    const t0 = globalThis.performance.now();
    const model = await text();
    await model.encode(PREPARE_TEXT, rule());
    return globalThis.performance.now() - t0;
  })().catch(() => {
    if (current()) m.textPrepared = null;
    return 0;
  });
  return m.textPrepared;
}
