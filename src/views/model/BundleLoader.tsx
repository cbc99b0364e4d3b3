/** Load another bundle: from a URL, a folder, or a .zip; choose the backend; see download progress. */
import type { BundleSourceMsg } from '../../bundle/source-msg';
import type { BackendChoice } from '../../model/backend';
import { useState, type FormEvent } from 'react';
import { useExplorerShallow } from '../../state';
import { folderSource, urlSource } from './bundleSources';
import { formatMB } from './format';

// React has no typed prop for it; the attribute makes the file input pick a whole folder.
const folderAttrs = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function BundleLoader() {
  const { loadBundle, notify, backendChoice, setBackendChoice, loading, progress } = useExplorerShallow((s) => ({
    loadBundle: s.loadBundle,
    notify: s.notify,
    backendChoice: s.model.backendChoice,
    setBackendChoice: s.setBackendChoice,
    loading: s.model.status === 'loading',
    progress: s.model.progress,
  }));
  const [url, setUrl] = useState('');

  function load(make: () => BundleSourceMsg) {
    let source: BundleSourceMsg;
    try {
      source = make();
    } catch (e) {
      notify('error', (e as Error).message);
      return;
    }
    void loadBundle(source);
  }
  function onUrl(e: FormEvent) {
    e.preventDefault();
    load(() => urlSource(url, location.href));
  }
  function onFolder(e: React.ChangeEvent<HTMLInputElement>) {
    const files = [...(e.currentTarget.files ?? [])];
    e.currentTarget.value = '';
    if (files.length) load(() => folderSource(files.map((f) => ({ relativePath: f.webkitRelativePath || f.name, file: f }))));
  }
  function onZip(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (file) load(() => ({ kind: 'zip', name: file.name, file }));
  }

  return (
    <div className="bundle-loader">
      <form onSubmit={onUrl} className="row">
        <input type="text" aria-label="Bundle URL" placeholder="/models/lexvla-tiny/" value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
        <button type="submit" disabled={loading}>
          Load
        </button>
      </form>
      <div className="row">
        <label className="file-button">
          Folder…
          <input type="file" aria-label="Load bundle folder" {...folderAttrs} multiple onChange={onFolder} disabled={loading} />
        </label>
        <label className="file-button">
          .zip…
          <input type="file" aria-label="Load bundle zip" accept=".zip,application/zip" onChange={onZip} disabled={loading} />
        </label>
        <label>
          Backend{' '}
          <select aria-label="Backend" value={backendChoice} onChange={(e) => setBackendChoice(e.currentTarget.value as BackendChoice)}>
            <option value="auto">auto</option>
            <option value="wasm">wasm</option>
            <option value="webgpu">webgpu</option>
          </select>
        </label>
      </div>
      <p className="hint">The backend choice applies to the next bundle you load.</p>
      {loading && (
        <div className="progress" role="status">
          {progress ? (
            <>
              <span>
                {progress.label}: {formatMB(progress.loadedBytes)}
                {progress.totalBytes > 0 && ` of ${formatMB(progress.totalBytes)}`}
              </span>
              <progress value={progress.loadedBytes} max={progress.totalBytes || undefined} />
            </>
          ) : (
            <span>Loading the model…</span>
          )}
        </div>
      )}
    </div>
  );
}
