/** Download the open gallery's sparse vectors for Elasticsearch, OpenSearch or Qdrant (docs/search-engines.md). */
import { useState } from 'react';
import { useExplorerShallow } from '../../state';
import { EXPORT_FORMATS, type ExportFormat } from '../../retrieval/export';
import { downloadTextFiles } from './download';

export function ExportMenu() {
  const { gallery, exportIndex } = useExplorerShallow((s) => ({ gallery: s.retrieval.gallery, exportIndex: s.exportGalleryIndex }));
  const [format, setFormat] = useState<ExportFormat>('elasticsearch');
  if (!gallery || gallery.kind !== 'lexical') return null;
  return (
    <div className="row export-menu">
      <label>
        Export for{' '}
        <select aria-label="Search engine" value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>{f}</option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={async () => {
          const files = await exportIndex(format);
          if (files) downloadTextFiles(files);
        }}
      >
        Download index files
      </button>
    </div>
  );
}
