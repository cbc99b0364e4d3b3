/** Shown in place of the app's panels' content when no model could be loaded at all. */
import { useExplorer } from '../state';

export function FatalError() {
  const error = useExplorer((s) => (s.model.info === null ? s.model.error : null));
  if (!error) return null;
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
      <p>Load a bundle in the Model panel (URL, folder or .zip), or open the page with ?bundle=&lt;url&gt;.</p>
    </div>
  );
}
