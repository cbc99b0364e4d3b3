/** Retrieval over a gallery: pick a gallery, query it, see why results match, measure recall, export. */
import { useExplorer } from '../../state';
import { EvalPanel } from './EvalPanel';
import { ExportMenu } from './ExportMenu';
import { GalleryPicker } from './GalleryPicker';
import { ResultsGrid } from './ResultsGrid';
import { SearchBar } from './SearchBar';
import './retrieval.css';

export function RetrievalPanel() {
  const ready = useExplorer((s) => s.model.info !== null);
  if (!ready) return null;
  return (
    <section className="panel retrieval-panel" aria-labelledby="retrieval-title">
      <h2 id="retrieval-title">Retrieval</h2>
      <GalleryPicker />
      <SearchBar />
      <ResultsGrid />
      <ExportMenu />
      <EvalPanel />
    </section>
  );
}
