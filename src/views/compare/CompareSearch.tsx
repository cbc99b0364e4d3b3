/**
 * Retrieval results for the same query on both sides of the Compare view, each over its own
 * bundle's gallery, in the retrieval view's result grid: a text -> images, or the inspected
 * image -> images or captions. Clicking a result opens it in the inspector (and so on both sides).
 */
import type { SideSearch } from '../../state/compareTypes';
import { useState } from 'react';
import { useExplorerShallow } from '../../state';
import { ResultsList } from '../retrieval/ResultsGrid';
import '../retrieval/retrieval.css';

function Side({ side, name, s, searching, onOpen, thumbBytes }: {
  side: 'left' | 'right';
  name: string;
  s: SideSearch;
  searching: boolean;
  onOpen(item: number): void;
  thumbBytes?: (item: number) => Promise<{ name: string; bytes: ArrayBuffer } | null>;
}) {
  return (
    <div className="compare-results" data-side={side} aria-label={`${side === 'left' ? 'Left' : 'Right'} results: ${name}`} role="region">
      <h4>
        {name}
        {s.gallery ? ` — ${s.gallery.name} (${s.gallery.items} images)` : ''}
      </h4>
      {s.error && <p className="hint" role="status">{s.error}</p>}
      {s.gallery && s.results && (
        <ResultsList results={s.results} gallery={s.gallery} searching={searching} onOpen={onOpen} keyPrefix={`${side}:`} thumbBytes={thumbBytes} label={`${side} retrieval results`} />
      )}
    </div>
  );
}

export function CompareSearch() {
  const s = useExplorerShallow((st) => ({
    left: st.model.info,
    right: st.compare.status === 'ready' ? st.compare.info : null,
    cs: st.compareSearch,
    imageName: st.image.name,
    search: st.searchCompare,
    openLeft: st.openGalleryItem,
    openRight: st.openCompareItem,
    rightBytes: st.compareItemBytes,
    prepareText: st.prepareCompareText,
  }));
  const [text, setText] = useState(s.cs.query?.kind === 'text' ? s.cs.query.text : '');
  if (!s.left) return null;
  const searching = s.cs.status === 'searching';
  return (
    <section className="compare-search" aria-label="Retrieval on both sides" data-status={s.cs.status}>
      <h3>Retrieval on both galleries</h3>
      <form
        className="compare-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void s.search({ kind: 'text', text });
        }}
      >
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Describe an image, e.g. a fire truck" aria-label="Compare retrieval query" onFocus={s.prepareText} />
        <button type="submit" disabled={!text.trim() || searching || !s.right}>
          Search both
        </button>
        {!s.right && <span className="hint">Waiting for the second bundle…</span>}
      </form>
      <div className="compare-controls">
        <button type="button" disabled={!s.imageName || searching || !s.right} onClick={() => void s.search({ kind: 'image', name: s.imageName! }, 'images')}>
          Similar images to the inspected one, both sides
        </button>
        <button type="button" disabled={!s.imageName || searching || !s.right} onClick={() => void s.search({ kind: 'image', name: s.imageName! }, 'captions')}>
          Captions for it, both sides
        </button>
      </div>
      {s.cs.status !== 'idle' && s.right && (
        <div className="compare-grid">
          <Side side="left" name={s.left.name} s={s.cs.left} searching={searching} onOpen={(i) => void s.openLeft(i)} />
          <Side side="right" name={s.right.name} s={s.cs.right} searching={searching} onOpen={(i) => void s.openRight(i)} thumbBytes={s.rightBytes} />
        </div>
      )}
    </section>
  );
}
