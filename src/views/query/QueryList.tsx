/** The queries: colour, text, which words were used / dropped, status, focus and remove. */
import type { QueryEntry } from '../../state/queryTypes';

interface Props {
  list: QueryEntry[];
  focused: number | null;
  counts: Map<number, number>;
  onFocus(id: number): void;
  onRemove(id: number): void;
}

export function QueryList({ list, focused, counts, onFocus, onRemove }: Props) {
  if (list.length === 0) return <p className="hint">No query yet: type a word, several words or a caption.</p>;
  return (
    <ul className="query-list" aria-label="Queries">
      {list.map((q) => (
        <li key={q.id} className={q.id === focused ? 'query-item focused' : 'query-item'} data-status={q.status} data-query={q.text}>
          <span className="query-swatch" style={{ background: q.color }} aria-hidden="true" />
          <button type="button" className="query-text" aria-pressed={q.id === focused} onClick={() => onFocus(q.id)}>
            {q.text}
          </button>
          <span className="query-meta">
            {q.status === 'loading' && 'computing…'}
            {q.status === 'error' && <span className="load-error" role="alert">{q.error}</span>}
            {q.status === 'ready' && q.result && (
              <>
                {counts.get(q.id) ?? 0} patches selected · {q.result.via} · {q.result.ms.toFixed(1)} ms
                {q.result.via === 'lookup' && (
                  <span className="query-words">
                    {' '}— used: <span className="query-used">{q.result.used.join(', ') || 'none'}</span>
                    {q.result.dropped.length > 0 && (
                      <>
                        ; dropped: <span className="query-dropped">{q.result.dropped.join(', ')}</span>
                      </>
                    )}
                  </span>
                )}
              </>
            )}
          </span>
          <button type="button" className="query-remove" aria-label={`Remove query "${q.text}"`} onClick={() => onRemove(q.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
