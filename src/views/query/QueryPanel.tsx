/**
 * Text to patches (docs/method.md, Fig. 1 right): type a query, see its lexical vector as a
 * cloud, its relevance on every patch as a heatmap, and the patches it selects. Several queries
 * show at once in their own colours. Works on dense bundles too (cosine, no cloud).
 */
import { useEffect, useMemo, useState } from 'react';
import { useExplorer, useExplorerShallow } from '../../state';
import { WordCloud } from '../cloud/WordCloud';
import './query.css';
import { QueryLegend } from './QueryLegend';
import { QueryList } from './QueryList';
import { QueryOverlay } from './QueryOverlay';
import { SaveImageButtons } from '../export/SaveImageButtons';
import { selectPatches } from './selectPatches';

/** Results already measured: refocusing an old query must not measure it again. */
const measured = new WeakSet<object>();

export function QueryPanel() {
  const { info, preview, queries } = useExplorerShallow((s) => ({ info: s.model.info, preview: s.image.preview, queries: s.queries }));
  const actions = useExplorerShallow((s) => ({
    add: s.addQuery,
    remove: s.removeQuery,
    focus: s.focusQuery,
    setSelect: s.setQuerySelect,
  }));
  const refresh = useExplorer((s) => s.refreshQueries);
  const prepareText = useExplorer((s) => s.prepareText);
  const [text, setText] = useState('');
  // A new image: every query's relevance must be recomputed on it.
  useEffect(() => {
    if (preview) void refresh();
  }, [preview, refresh]);
  const { select, list } = queries;
  const selected = useMemo(
    () =>
      list
        .filter((q) => q.status === 'ready' && q.result)
        .map((q) => ({
          query: q,
          patches: selectPatches(q.result!.relevance, select.mode === 'topk' ? { mode: 'topk', k: select.k } : { mode: 'threshold', threshold: select.threshold }),
        })),
    [list, select],
  );
  const focused = list.find((q) => q.id === queries.focused) ?? null;
  const focusedResult = focused?.result ?? null;
  const requestedAt = focused?.requestedAt ?? 0;
  // Query -> heatmap painted: the frame after the commit that drew this result.
  const [paintedMs, setPaintedMs] = useState<number | null>(null);
  useEffect(() => {
    if (!focusedResult) return setPaintedMs(null);
    const raf = requestAnimationFrame(() => {
      const at = performance.now();
      setPaintedMs(at - requestedAt);
      // For `lexvla bench-patchdis-browser`: the same figure as shown, once per result.
      if (!measured.has(focusedResult)) {
        measured.add(focusedResult);
        performance.measure('lexvla:query', { start: requestedAt, end: at, detail: { worker: focusedResult.ms, total: at - requestedAt } });
      }
    });
    return () => cancelAnimationFrame(raf);
  }, [focusedResult, requestedAt]);
  if (!info) return null;
  const counts = new Map(selected.map((s) => [s.query.id, s.patches.length]));
  return (
    <section className="panel query-panel" aria-labelledby="query-title">
      <h2 id="query-title">Text to patches</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.add(text);
          setText('');
        }}
      >
        <input
          type="text"
          aria-label="Text query"
          placeholder={info.textMode === 'onnx' ? 'a word, several words or a caption' : 'words from the vocabulary'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onFocus={prepareText}
        />
        <button type="submit" disabled={text.trim() === ''}>
          Add query
        </button>
      </form>
      <div className="row" role="group" aria-label="Selected patches">
        <label>
          <input type="radio" name="query-select" checked={select.mode === 'topk'} onChange={() => actions.setSelect({ mode: 'topk' })} /> top
        </label>
        <input type="number" aria-label="Top k patches" min={1} max={info.grid[0] * info.grid[1]} value={select.k} onChange={(e) => actions.setSelect({ mode: 'topk', k: Number(e.target.value) })} />
        <label>
          <input type="radio" name="query-select" checked={select.mode === 'threshold'} onChange={() => actions.setSelect({ mode: 'threshold' })} /> relevance ≥
        </label>
        <input type="number" aria-label="Relevance threshold" step={0.01} value={select.threshold} onChange={(e) => actions.setSelect({ mode: 'threshold', threshold: Number(e.target.value) })} />
      </div>
      <QueryList list={list} focused={queries.focused} counts={counts} onFocus={actions.focus} onRemove={actions.remove} />
      {preview ? (
        <div className="query-body">
          <QueryOverlay preview={preview} grid={info.grid} inputSize={info.inputSize} focused={focused} selected={selected} />
          <SaveImageButtons label="query overlay" selector=".image-stage" fileName="lexvla-query-overlay" />
          {focused?.result && paintedMs !== null && (
            <p className="hint" aria-label="Query timing">
              "{focused.text}": relevance in {focused.result.ms.toFixed(1)} ms in the worker, heatmap painted {paintedMs.toFixed(0)} ms after the request.
            </p>
          )}
          {focused?.result && <QueryLegend label={focused.text} min={focused.result.min} max={focused.result.max} kind={focused.result.kind} />}
          {focused?.result?.kind === 'lexical' && (
            <>
              <WordCloud label="Query word cloud" list={focused.result.words} selectedWord={null} onWord={() => undefined} />
              <SaveImageButtons label="query word cloud" selector='svg[aria-label="Query word cloud"]' fileName="lexvla-query-word-cloud" />
            </>
          )}
          {focused?.result?.kind === 'dense' && <p className="hint">Dense model: the query is an embedding, not words, so there is no query cloud.</p>}
        </div>
      ) : (
        <p className="hint">Open an image to see which patches a query selects.</p>
      )}
    </section>
  );
}
