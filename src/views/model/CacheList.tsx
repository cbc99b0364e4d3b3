/** Bundles kept by the browser from earlier visits; one click loads one, another clears them all. */
import { useExplorerShallow } from '../../state';
import { formatMB } from './format';

export function CacheList() {
  const { cache, loadBundle, clearCache, currentKey } = useExplorerShallow((s) => ({
    cache: s.model.cache,
    loadBundle: s.loadBundle,
    clearCache: s.clearCache,
    currentKey: s.model.info?.key ?? null,
  }));
  return (
    <details className="cache-list">
      <summary>Cached bundles ({cache.length})</summary>
      {cache.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul>
          {cache.map((c) => (
            <li key={c.key}>
              <button type="button" onClick={() => void loadBundle({ kind: 'cached', key: c.key })} disabled={c.key === currentKey}>
                {c.name}
              </button>{' '}
              {formatMB(c.bytes)}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => void clearCache()} disabled={cache.length === 0}>
        Clear cache
      </button>
    </details>
  );
}
