/** Search results as a grid: thumbnail, rank, score, caption (image -> text), and why it matched. Click opens it in the inspector. */
import { useExplorerShallow } from '../../state';
import type { RetrievalHitMsg } from '../../worker/retrieval-protocol';
import { useThumb } from './useThumb';
import { WhyBars } from './WhyBars';

function ResultCard({ hit, galleryKey, lexical, onOpen }: { hit: RetrievalHitMsg; galleryKey: string; lexical: boolean; onOpen: () => void }) {
  const url = useThumb(galleryKey, hit.item);
  return (
    <li className="result-card" data-item={hit.itemId} data-score={hit.score}>
      <button type="button" className="result-open" onClick={onOpen} aria-label={`Open ${hit.name} in the inspector`}>
        {url ? <img src={url} alt={hit.name} /> : <span className="thumb-placeholder" />}
      </button>
      <div className="result-meta">
        <span className="result-rank">#{hit.rank}</span> <span className="result-score">{hit.score.toFixed(4)}</span>
        <div className="result-name" title={hit.name}>{hit.name.split('/').pop()}</div>
        {hit.caption !== null && <div className="result-caption">“{hit.caption}”</div>}
      </div>
      {lexical && <WhyBars why={hit.why} score={hit.score} />}
    </li>
  );
}

export function ResultsGrid() {
  const { results, gallery, searching, openItem } = useExplorerShallow((s) => ({
    results: s.retrieval.results,
    gallery: s.retrieval.gallery,
    searching: s.retrieval.searching,
    openItem: s.openGalleryItem,
  }));
  if (!gallery || !results) return searching ? <p className="hint">Searching…</p> : null;
  const q = results.query.kind === 'text' ? `“${results.query.text}”` : `the image ${results.query.name}`;
  return (
    <div className="results" aria-busy={searching}>
      <p className="results-head">
        {results.hits.length} {results.target === 'images' ? 'images' : 'captions'} for {q} ({results.ms.toFixed(0)} ms)
        {results.queryWords && results.queryWords.words.length > 0 && (
          <span className="query-words"> — query words: {results.queryWords.words.slice(0, 12).join(', ')}</span>
        )}
      </p>
      <ol className="results-grid" aria-label="Retrieval results">
        {results.hits.map((h) => (
          <ResultCard key={`${h.rank}-${h.item}`} hit={h} galleryKey={`${gallery.key}|${gallery.name}|${gallery.createdAt}`} lexical={gallery.kind === 'lexical'} onOpen={() => void openItem(h.item)} />
        ))}
      </ol>
    </div>
  );
}
