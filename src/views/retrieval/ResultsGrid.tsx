/** Search results as a grid: thumbnail, rank, score, caption (image -> text), and why it matched. Click opens it in the inspector. */
import type { GalleryInfo, RetrievalHitMsg, RetrievalResultMsg } from '../../retrieval/messages';
import { useExplorerShallow } from '../../state';
import { useThumb, type ThumbBytes } from './useThumb';
import { WhyBars } from './WhyBars';

function ResultCard({ hit, galleryKey, lexical, onOpen, thumbBytes }: { hit: RetrievalHitMsg; galleryKey: string; lexical: boolean; onOpen: () => void; thumbBytes?: ThumbBytes }) {
  const url = useThumb(galleryKey, hit.item, thumbBytes);
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

interface ListProps {
  results: RetrievalResultMsg;
  gallery: GalleryInfo;
  searching: boolean;
  onOpen(item: number): void;
  /** Distinguishes the thumbnail caches of galleries in different workers (Compare). */
  keyPrefix?: string;
  thumbBytes?: ThumbBytes;
  /** Accessible name of the grid. */
  label?: string;
}

/** The grid for one result set, from any worker: the inspector's and the Compare view's second. */
export function ResultsList({ results, gallery, searching, onOpen, keyPrefix = '', thumbBytes, label = 'Retrieval results' }: ListProps) {
  const q = results.query.kind === 'text' ? `“${results.query.text}”` : `the image ${results.query.name}`;
  const galleryKey = `${keyPrefix}${gallery.key}|${gallery.name}|${gallery.createdAt}`;
  return (
    <div className="results" aria-busy={searching}>
      <p className="results-head">
        {results.hits.length} {results.target === 'images' ? 'images' : 'captions'} for {q} ({results.ms.toFixed(0)} ms)
        {results.queryWords && results.queryWords.words.length > 0 && (
          <span className="query-words"> — query words: {results.queryWords.words.slice(0, 12).join(', ')}</span>
        )}
      </p>
      <ol className="results-grid" aria-label={label}>
        {results.hits.map((h) => (
          <ResultCard key={`${h.rank}-${h.item}`} hit={h} galleryKey={galleryKey} lexical={gallery.kind === 'lexical'} onOpen={() => onOpen(h.item)} thumbBytes={thumbBytes} />
        ))}
      </ol>
    </div>
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
  return <ResultsList results={results} gallery={gallery} searching={searching} onOpen={(item) => void openItem(item)} />;
}
