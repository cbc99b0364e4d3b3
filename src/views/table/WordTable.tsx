/** Ranked words with their values: the same list, and the same numbers, as the cloud beside it. */
import type { WordList } from '../../lexical/word-list';
import { memo } from 'react';
import { describeWholeWord } from '../../lexical/whole-words';
import { piecesAt } from '../../lexical/whole-word-list';

interface Props {
  label: string;
  list: WordList;
  selectedWord: number | null;
  onWord(index: number): void;
}

/** Memoised and keyed by rank: a new list updates the rows in place instead of rebuilding them. */
export const WordTable = memo(function WordTable({ label, list, selectedWord, onWord }: Props) {
  const top = list.values[0] ?? 0;
  return (
    <div className="word-table-wrap">
      <table className="word-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Word</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {list.words.map((word, i) => {
            const index = list.indices[i];
            const v = list.values[i];
            const pieces = piecesAt(list, i);
            return (
              <tr key={i} className={index === selectedWord ? 'selected' : undefined}>
                <td>{i + 1}</td>
                <td>
                  <button type="button" className="word-button" onClick={() => onWord(index)} title="Show this word's heatmap">
                    {word}
                  </button>
                  {pieces && (
                    <span className="word-pieces" title={describeWholeWord(word, pieces, v)}>
                      {' = '}
                      {pieces.map((p) => `${p.word} ${p.value.toFixed(4)}`).join(' + ')}
                    </span>
                  )}
                </td>
                <td className="value">
                  <span className="bar" style={{ width: `${top > 0 ? (v / top) * 100 : 0}%` }} />
                  <span className="num">{v.toFixed(4)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
