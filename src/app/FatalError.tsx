/** Shown in place of the app's panels' content when no model could be loaded at all. */
import { useExplorer } from '../state';
import { formatMB } from '../views/model/format';

export function FatalError() {
  const error = useExplorer((s) => (s.model.info === null ? s.model.error : null));
  const loadBundle = useExplorer((s) => s.loadBundle);
  if (!error) return null;
  const { cached } = error;
  return (
    <div className="fatal" role="alert">
      <h2>No model could be loaded</h2>
      <p className="fatal-text">{error.text}</p>
      {error.details && (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {cached && (
        <p>
          A copy of this bundle from an earlier visit is in the browser's cache ({cached.name}, {formatMB(cached.bytes)}):{' '}
          <button type="button" onClick={() => void loadBundle({ kind: 'cached', key: cached.key })}>
            Load the cached copy
          </button>
        </p>
      )}
      <p>Load a bundle in the Model panel (URL, folder or .zip), or open the page with ?bundle=&lt;url&gt;.</p>
    </div>
  );
}
