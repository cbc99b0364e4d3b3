import { describe, expect, it, vi } from 'vitest';
import type { WordList } from '../lexical/word-list';
import { createExplorerStore } from './store';
import { answeringClient, modelInfo, type Msg } from './testing';

const list = (...words: string[]): WordList => ({ indices: words.map((_, i) => i), words, values: words.map((_, i) => 1 - i / 10), activeCount: words.length });
const encoded = (global: WordList) => (m: Msg) => ({
  type: 'imageEncoded', name: (m as unknown as { name: string }).name, original: { width: 8, height: 8 },
  preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, global, timings: { read: 0, decode: 1, preprocess: 1, inference: 1, postprocess: 1 },
  bytes: new Uint8Array([1, 2]).buffer,
});
const heatmap = (label: string, n: number) => ({ word: 0, label, values: new Float32Array(n).fill(0.5), min: 0.5, max: 0.5 });
const field = <T>(m: Msg, key: string) => (m as unknown as Record<string, T>)[key];

const LEX = modelInfo({ key: 'lex', name: 'lex', grid: [4, 4] });
const TABLE = { count: 3, template: '{token}', rule: 'r' };
const dense = (wordEmbeddings: typeof TABLE | null) =>
  modelInfo({ key: 'clip', name: 'clip', kind: 'dense', vocabSize: null, embeddingDim: 4, sparsify: null, grid: [2, 2], wordEmbeddings });

/** The inspector's worker: a lexical model over a 4 x 4 grid, whose patch p's first words are a, b, L<p>. */
function mainClient() {
  return answeringClient({
    loadBundle: () => ({ type: 'bundleLoaded', info: LEX }),
    encodeImage: encoded(list('lexword')),
    words: (m) => ({ type: 'words', target: field(m, 'target'), words: list('left-patch') }),
    patchWords: () => ({ type: 'patchWords', k: 10, words: Array.from({ length: 16 }, (_, p) => ['a', 'b', `L${p}`]) }),
    vocabularyWords: () => ({ type: 'vocabularyWords', words: ['dog', 'cat', 'sky'], rule: 'llama2-filter-v1' }),
    wordHeatmapOf: (m) => ({ type: 'wordHeatmapOf', text: field(m, 'text'), heatmap: heatmap(field(m, 'text'), 16) }),
  });
}

/**
 * The second worker: a dense model over a 2 x 2 grid. Patch q's nearest words are a, R<q> (patch 3
 * also b); its global words "near-global"; it knows the word "dog" only.
 */
function secondClient(info: ReturnType<typeof dense>, prepare: (m: Msg, progress?: (p: unknown) => void) => unknown) {
  return answeringClient({
    loadBundle: () => ({ type: 'bundleLoaded', info }),
    encodeImage: encoded({ indices: [], words: [], values: [], activeCount: 0 }),
    prepareWords: prepare,
    words: (m) => {
      const t = field<{ kind: string; index?: number }>(m, 'target');
      return { type: 'words', target: t, words: t.kind === 'global' ? list('near-global') : list(`near-${t.index}`) };
    },
    patchWords: () => ({ type: 'patchWords', k: 10, words: [['a', 'R0'], ['a', 'R1'], ['a', 'R2'], ['a', 'b', 'R3']] }),
    wordHeatmapOf: (m) => ({ type: 'wordHeatmapOf', text: field(m, 'text'), heatmap: field(m, 'text') === 'dog' ? heatmap('dog', 4) : null }),
  });
}

async function opened(second: ReturnType<typeof secondClient>, main = mainClient()) {
  const store = createExplorerStore(main.port, 10, 10, () => second.port);
  await store.getState().loadBundle({ kind: 'url', url: '/lex/' });
  await store.getState().encodeImage('a.png', new Uint8Array([1, 2]).buffer);
  await store.getState().openCompare('/clip/');
  return { store, main };
}

describe('the dense side of Compare read as words', () => {
  it("reads the bundle's own word table, then shows its nearest words for the image and the shared selection", async () => {
    const second = secondClient(dense(TABLE), () => ({ type: 'wordsPrepared', info: { source: 'bundle', ...TABLE, ms: 1 } }));
    const { store, main } = await opened(second);
    await vi.waitFor(() => expect(store.getState().compareWords.table.status).toBe('ready'));
    await vi.waitFor(() => expect(store.getState().compare.image.global?.words).toEqual(['near-global']));
    // Its own table: no vocabulary asked of the inspector, no words sent.
    expect(main.count('vocabularyWords')).toBe(0);
    expect(second.calls.find((m) => m.type === 'prepareWords')).toMatchObject({ words: null, rule: null });
    expect(store.getState().compareWords.table.info).toMatchObject({ source: 'bundle', template: '{token}' });

    // Patch 5 of the 4 x 4 grid, (1, 1), lies over patch 0 of the 2 x 2 grid.
    store.getState().hoverPatch(5);
    await vi.waitFor(() => expect(store.getState().compare.words.list?.words).toEqual(['near-0']));
    expect(second.calls.filter((m) => m.type === 'words').at(-1)).toMatchObject({ target: { kind: 'patch', index: 0 } });
  });

  it('without a table, embeds the inspector’s vocabulary in the second worker, showing its progress', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const second = secondClient(dense(null), async (_m, progress) => {
      progress?.({ type: 'progress', phase: 'words', loadedBytes: 2, totalBytes: 3, label: 'text.onnx' });
      await gate;
      return { type: 'wordsPrepared', info: { source: 'computed', count: 3, template: '{word}', rule: 'llama2-filter-v1', ms: 9 } };
    });
    const { store } = await opened(second);
    await vi.waitFor(() => expect(store.getState().compareWords.table).toMatchObject({ status: 'computing', progress: { done: 2, total: 3 } }));
    expect(second.calls.find((m) => m.type === 'prepareWords')).toMatchObject({ words: ['dog', 'cat', 'sky'], rule: 'llama2-filter-v1' });
    release();
    await vi.waitFor(() => expect(store.getState().compareWords.table).toMatchObject({ status: 'ready', progress: null, info: { source: 'computed' } }));
    await vi.waitFor(() => expect(store.getState().compare.image.global?.words).toEqual(['near-global']));
  });

  it('says why when there is neither a table nor a vocabulary to embed', async () => {
    const main = answeringClient({
      loadBundle: () => ({ type: 'bundleLoaded', info: modelInfo({ key: 'd1', name: 'other-dense', kind: 'dense', vocabSize: null, sparsify: null }) }),
      encodeImage: encoded({ indices: [], words: [], values: [], activeCount: 0 }),
    });
    const second = secondClient(dense(null), () => ({ type: 'wordsPrepared', info: null }));
    const { store } = await opened(second, main);
    await vi.waitFor(() => expect(store.getState().compareWords.table.status).toBe('error'));
    expect(store.getState().compareWords.table.error).toBe(
      "clip has no words: it ships no word embeddings, and the inspector's model (other-dense) has no vocabulary to embed",
    );
    expect(second.count('prepareWords')).toBe(0);
  });

  it('the agreement overlay: each inspector patch against the second grid patch under it, |A ∩ B| / 10; off clears it', async () => {
    const second = secondClient(dense(TABLE), () => ({ type: 'wordsPrepared', info: { source: 'bundle', ...TABLE, ms: 1 } }));
    const { store } = await opened(second);
    await vi.waitFor(() => expect(store.getState().compareWords.table.status).toBe('ready'));
    await store.getState().setAgreement(true);
    const a = store.getState().compareWords.agreement;
    expect([a.on, a.status]).toEqual([true, 'ready']);
    // Left patches share "a" with every right patch, and "b" too over the bottom-right quadrant (right patch 3).
    const expected = Array.from({ length: 16 }, (_, p) => (Math.floor(p / 4) >= 2 && p % 4 >= 2 ? 0.2 : 0.1));
    expect(Array.from(a.values!)).toEqual(Array.from(Float32Array.from(expected)));
    await store.getState().setAgreement(false);
    expect(store.getState().compareWords.agreement).toEqual({ on: false, status: 'idle', values: null, error: null });
  });

  it("a clicked word's heatmap on both sides, none where the side has no such word", async () => {
    const second = secondClient(dense(TABLE), () => ({ type: 'wordsPrepared', info: { source: 'bundle', ...TABLE, ms: 1 } }));
    const { store } = await opened(second);
    await vi.waitFor(() => expect(store.getState().compareWords.table.status).toBe('ready'));
    await store.getState().showCompareWord('dog');
    let w = store.getState().compareWords.word!;
    expect([w.text, w.left?.values.length, w.right?.values.length]).toEqual(['dog', 16, 4]);
    await store.getState().showCompareWord('zebra');
    w = store.getState().compareWords.word!;
    expect([w.text, w.left?.label, w.right]).toEqual(['zebra', 'zebra', null]);
    store.getState().clearCompareWord();
    expect(store.getState().compareWords.word).toBeNull();
  });
});
