/** The word clicked in a Compare cloud: its heatmap's range on each side, or that a side lacks the word. */
import type { CompareWord } from '../../state/compareTypes';

function Side({ name, h, what }: { name: string; h: CompareWord['left']; what: string }) {
  return (
    <li>
      {name}: {h ? `${what} ${h.min.toFixed(3)} … ${h.max.toFixed(3)}` : `not among its words`}
    </li>
  );
}

export function CompareWordLegend({ word, left, right, rightDense, onClear }: { word: CompareWord; left: string; right: string; rightDense: boolean; onClear(): void }) {
  return (
    <div className="compare-word-legend" role="group" aria-label={`Heatmap of "${word.text}" on both sides`}>
      <div className="legend-head">
        <span>
          Word heatmap: <strong className="legend-word">{word.text}</strong>
        </span>
        <button type="button" onClick={onClear}>
          Clear word
        </button>
      </div>
      <ul className="compare-legend">
        <Side name={left} h={word.left} what="score" />
        <Side name={right} h={word.right} what={rightDense ? 'cosine with the word’s embedding (not an activation)' : 'score'} />
      </ul>
    </div>
  );
}
