/**
 * One Compare side's words: a global and a selection cloud, and a line saying what the words are.
 * A lexical bundle's words are its activations (lexical scores); a dense bundle's are the
 * vocabulary words nearest to its embeddings in embedding space (not activations), from its
 * word table. Clicking a word shows its heatmap on both sides.
 */
import type { WordList } from '../../lexical/word-list';
import type { ModelInfo } from '../../model/info';
import type { PatchTarget } from '../../model/word-views';
import type { CompareWordsState } from '../../state/compareTypes';
import { WordCloud } from '../cloud/WordCloud';
import { SaveImageButtons } from '../export/SaveImageButtons';

interface Props {
  side: 'left' | 'right';
  info: ModelInfo;
  global: WordList | null;
  words: WordList | null;
  target: PatchTarget | null;
  /** A dense side's word table (null on a lexical side). */
  table: CompareWordsState['table'] | null;
  selectedWord: string | null;
  onWord(text: string): void;
}

/** What a dense side's words are, in one sentence (shown wherever they are). */
export const NEAREST_WORDS_NOTE = 'Nearest words in embedding space, not activations';

function targetName(t: PatchTarget | null): string {
  if (!t || t.kind === 'global') return 'Global';
  return t.kind === 'patch' ? `Patch #${t.index}` : `Region rows ${t.r0 + 1}–${t.r1 + 1}, columns ${t.c0 + 1}–${t.c1 + 1}`;
}

function TableStatus({ name, table }: { name: string; table: CompareWordsState['table'] }) {
  if (table.status === 'loading') return <p className="hint" role="status">Reading {name}’s word embeddings…</p>;
  if (table.status === 'computing') {
    const p = table.progress;
    return (
      <p className="hint words-progress" role="status">
        {name} ships no word embeddings: computing them here with its text graph (text.onnx), one vocabulary word at a time
        {p ? `: ${p.done.toLocaleString()} / ${p.total.toLocaleString()} words` : '…'}
        {p && <progress value={p.done} max={p.total} aria-label={`${name} word embeddings computed`} />}
      </p>
    );
  }
  if (table.status === 'error') return <p className="hint" role="status">{table.error}</p>;
  return <p className="hint">{name} is dense: it has no vocabulary of its own.</p>;
}

export function SideWords({ side, info, global, words, target, table, selectedWord, onWord }: Props) {
  const dense = info.kind === 'dense';
  if (dense && table?.status !== 'ready') return table ? <TableStatus name={info.name} table={table} /> : null;
  const t = table?.info;
  const note = dense ? (
    <p className="hint words-kind" data-words="nearest">
      <strong>{NEAREST_WORDS_NOTE}:</strong> the words whose text embedding is closest (cosine) to the image’s global embedding, the patch’s, or a
      region’s mean{t ? ` — ${t.count.toLocaleString()} words (${t.rule}), template “${t.template}”, ${t.source === 'bundle' ? 'from the bundle' : 'computed here from text.onnx'}` : ''}.
    </p>
  ) : (
    <p className="hint words-kind" data-words="activations">
      <strong>Activations:</strong> the model’s lexical score for each vocabulary word (size = value).
    </p>
  );
  const clouds: Array<[string, string, WordList | null]> = [
    ['global', 'Global', global],
    ['patch', targetName(target), words],
  ];
  return (
    <div className="compare-clouds" data-words={dense ? 'nearest' : 'activations'}>
      {note}
      {clouds.map(([key, title, list]) =>
        list && (key === 'global' || target) ? (
          <figure key={key} className="compare-cloud">
            <figcaption>
              {title}
              {dense ? ' — nearest words' : ''}
            </figcaption>
            <WordCloud
              label={`${side} ${key} word cloud`}
              list={list}
              selectedWord={selectedWord === null ? null : (list.indices[list.words.indexOf(selectedWord)] ?? null)}
              onWord={(i) => {
                const j = list.indices.indexOf(i);
                if (j >= 0) onWord(list.words[j]);
              }}
            />
          </figure>
        ) : null,
      )}
      {global && <SaveImageButtons label={`${side} global word cloud`} selector={`svg[aria-label="${side} global word cloud"]`} fileName={`lexvla-compare-${side}-global-cloud`} />}
    </div>
  );
}
