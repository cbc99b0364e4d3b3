/** A titled pair of views over one WordList: the cloud and the ranked table. */
import { useExplorer } from '../../state';
import type { WordList } from '../../worker/protocol';
import { WordTable } from '../table/WordTable';
import { WordCloud } from './WordCloud';

interface Props {
  title: string;
  /** Accessible name of the cloud, e.g. "Global word cloud". */
  cloudLabel: string;
  subtitle: string;
  list: WordList | null;
  empty: string;
  busy?: boolean;
}

export function WordsPanel({ title, cloudLabel, subtitle, list, empty, busy }: Props) {
  const showHeatmap = useExplorer((s) => s.showHeatmap);
  const selectedWord = useExplorer((s) => s.heatmap?.word ?? null);
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
          <details className="table-details" open>
            <summary>Table of the top {list.words.length} words</summary>
            <WordTable label={`${title}: ranked words`} list={list} selectedWord={selectedWord} onWord={showHeatmap} />
          </details>
        </>
      ) : (
        <p className="hint">{list ? 'No word passes the sparsity rule.' : empty}</p>
      )}
    </section>
  );
}
