/** Which gallery to search: the bundle's own, a folder indexed here (with progress and cancel), or a stored one. */
import { useEffect } from 'react';
import { useExplorerShallow } from '../../state';
import { formatMB } from '../model/format';

// React has no typed prop for it; the attribute makes the file input pick a whole folder.
const folderAttrs = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function GalleryPicker() {
  const s = useExplorerShallow((st) => ({
    info: st.model.info,
    r: st.retrieval,
    openBundle: st.openBundleGallery,
    index: st.indexGalleryFolder,
    cancel: st.cancelRetrievalJob,
    refresh: st.refreshStoredGalleries,
    openStored: st.openStoredGallery,
    remove: st.removeStoredGallery,
  }));
  const { info, r } = s;
  const refresh = s.refresh;
  useEffect(() => {
    if (info) void refresh();
  }, [info, refresh]);
  if (!info) return null;
  const busy = r.status === 'indexing' || r.status === 'opening';

  function onFolder(e: React.ChangeEvent<HTMLInputElement>) {
    const files = [...(e.currentTarget.files ?? [])];
    e.currentTarget.value = '';
    if (files.length === 0) return;
    const named = files.map((f) => ({ name: f.webkitRelativePath || f.name, file: f as Blob }));
    const folder = named[0].name.includes('/') ? named[0].name.split('/')[0] : 'images';
    void s.index(folder, named);
  }

  const g = r.gallery;
  return (
    <div className="gallery-picker">
      <div className="row">
        {info.hasGallery && (
          <button type="button" onClick={() => void s.openBundle()} disabled={busy}>
            Open the bundle's gallery
          </button>
        )}
        <label className="file-button">
          Index a folder of images…
          <input type="file" aria-label="Index a folder of images" {...folderAttrs} multiple onChange={onFolder} disabled={busy} />
        </label>
      </div>
      {r.status === 'indexing' && r.progress && (
        <div className="progress" role="status">
          <span>
            Indexing {r.progress.done} / {r.progress.total}: {r.progress.label}
          </span>
          <progress max={r.progress.total} value={r.progress.done} />
          <button type="button" onClick={() => void s.cancel('index')}>Cancel indexing</button>
        </div>
      )}
      <p className="gallery-status" data-gallery={g ? g.key : 'none'}>
        {g
          ? `Gallery: ${g.name} — ${g.items} images, ${g.captions} captions, ${g.kind}${g.meanActive !== null ? `, ${g.meanActive.toFixed(0)} active words per image` : ''}, ${g.vectorBytes < 1e6 ? `${(g.vectorBytes / 1024).toFixed(1)} KiB` : formatMB(g.vectorBytes)} of vectors`
          : r.status === 'opening' ? 'Opening the gallery…' : 'No gallery open.'}
      </p>
      {r.stored.length > 0 && (
        <ul className="stored-galleries" aria-label="Stored galleries">
          {r.stored.map((e) => (
            <li key={e.key}>
              <span>
                {e.name} ({e.items} images, {e.modelName})
              </span>
              <button type="button" disabled={!e.matchesModel || busy} title={e.matchesModel ? '' : `indexed with ${e.modelName}`} onClick={() => void s.openStored(e.key)}>
                Open
              </button>
              <button type="button" aria-label={`Remove ${e.name}`} onClick={() => void s.remove(e.key)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
