/** A titled pair of views over one WordList: the cloud and the ranked table. */
import type { WordList } from '../../lexical/word-list';
import { memo, useEffect } from 'react';
import { useExplorer } from '../../state';
import { WordTable } from '../table/WordTable';
import { useAfterPaint } from '../useAfterPaint';
import { warmUpLayout } from './layout';
import { CLOUD_LAYOUT, WordCloud } from './WordCloud';

interface Props {
  title: string;
  /** Accessible name of the cloud, e.g. "Global word cloud". */
  cloudLabel: string;
  subtitle: string;
  list: WordList | null;
  empty: string;
  busy?: boolean;
}

/**
 * Memoised: hovering a patch re-renders the parent (the selection changed), and the global
 * panel beside the patch panel must not rebuild its 80 words and table rows for nothing.
 */
export const WordsPanel = memo(function WordsPanel({ title, cloudLabel, subtitle, list, empty, busy }: Props) {
  const showHeatmap = useExplorer((s) => s.showHeatmap);
  const selectedWord = useExplorer((s) => s.heatmap?.word ?? null);
  // The panel shows as soon as a model is loaded: warm the cloud layout up while the user picks
  // an image, not in the path from image to cloud.
  useEffect(() => warmUpLayout(CLOUD_LAYOUT).cancel, []);
  // The cloud paints first; the table (80 rows) follows a frame later with the same list.
  const tableList = useAfterPaint(list);
  return (
    <section className="panel words-panel" aria-label={title} aria-busy={busy}>
      <header className="panel-head">
        <h2>{title}</h2>
        {list && (
          <span className="badge" title="Entries that survive the sparsity rule">
            {list.activeCount.toLocaleString()} active
          </span>
        )}
      </header>
      <p className="subtitle">{subtitle}</p>
      {list && list.words.length > 0 ? (
        <>
          <WordCloud label={cloudLabel} list={list} selectedWord={selectedWord} onWord={showHeatmap} />
          {tableList && tableList.words.length > 0 && (
            <details className="table-details" open>
              <summary>Table of the top {tableList.words.length} words</summary>
              <WordTable label={`${title}: ranked words`} list={tableList} selectedWord={selectedWord} onWord={showHeatmap} />
            </details>
          )}
        </>
      ) : (
        <p className="hint">{list ? 'No word passes the sparsity rule.' : empty}</p>
      )}
    </section>
  );
});
