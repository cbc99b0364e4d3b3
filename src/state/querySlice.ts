/**
 * Text queries on the current image: a list of queries, each with its colour and its
 * relevance row float32 [patches] from the worker, and how "selected" patches are chosen.
 * A query re-runs when the image changes (QueryPanel calls refreshQueries); an answer for an
 * older image or a removed query is dropped.
 */
import { describeError } from './errors';
import { textPreparer } from './prepareText';
import type { QueryEntry, QuerySelect, QuerySlice } from './queryTypes';
import type { GetState, SetState, SliceDeps } from './types';

/** Distinct hues for up to eight overlays (Okabe-Ito, readable by colour-blind viewers). */
const QUERY_COLORS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#ffffff'];

export function createQuerySlice(set: SetState, get: GetState, deps: SliceDeps): QuerySlice {
  const { client, topN } = deps;
  let nextId = 1;
  const seq = new Map<number, number>(); // query id -> newest request number
  // For benchmarks and tests: when the text side was ready, and what opening it cost.
  const prepare = textPreparer((ms) => void globalThis.performance.mark('lexvla:text-prepared', { detail: { ms } }));

  const patch = (id: number, p: Partial<QueryEntry>) =>
    set((s) => ({ queries: { ...s.queries, list: s.queries.list.map((q) => (q.id === id ? { ...q, ...p } : q)) } }));

  async function run(id: number, text: string): Promise<void> {
    const n = (seq.get(id) ?? 0) + 1;
    seq.set(id, n);
    patch(id, { status: 'loading', error: null, requestedAt: globalThis.performance.now() });
    try {
      const a = await client.request<'textQuery'>({ type: 'textQuery', text, topN });
      if (seq.get(id) !== n) return;
      patch(id, { status: 'ready', result: a.result });
    } catch (e) {
      if (seq.get(id) !== n) return;
      patch(id, { status: 'error', result: null, error: describeError(e).text });
    }
  }

  return {
    queries: { list: [], focused: null, select: { mode: 'topk', k: 16, threshold: 0.5 } },

    async addQuery(text: string) {
      const t = text.trim();
      if (t === '') return;
      const id = nextId++;
      const used = new Set(get().queries.list.map((q) => q.color));
      const color = QUERY_COLORS.find((c) => !used.has(c)) ?? QUERY_COLORS[id % QUERY_COLORS.length];
      set((s) => ({
        queries: { ...s.queries, focused: id, list: [...s.queries.list, { id, text: t, color, status: 'loading', result: null, error: null, requestedAt: globalThis.performance.now() }] },
      }));
      await run(id, t);
    },

    removeQuery(id: number) {
      seq.delete(id);
      set((s) => {
        const list = s.queries.list.filter((q) => q.id !== id);
        const focused = s.queries.focused === id ? (list.at(-1)?.id ?? null) : s.queries.focused;
        return { queries: { ...s.queries, list, focused } };
      });
    },

    focusQuery(id: number) {
      set((s) => ({ queries: { ...s.queries, focused: id } }));
    },

    setQuerySelect(p: Partial<QuerySelect>) {
      set((s) => ({ queries: { ...s.queries, select: { ...s.queries.select, ...p } } }));
    },

    async refreshQueries() {
      await Promise.all(get().queries.list.map((q) => run(q.id, q.text)));
    },

    prepareText() {
      const info = get().model.info;
      if (info !== null && get().model.status === 'ready') prepare(client, info);
    },
  };
}
