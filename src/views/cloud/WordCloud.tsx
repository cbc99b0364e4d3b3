/**
 * Word cloud: one <text> per placed word, font size proportional to its lexical value,
 * positions from the seeded layout. Clicking a word shows its heatmap.
 */
import { useMemo } from 'react';
import type { WordList } from '../../lexical/word-list';
import { describeWholeWord } from '../../lexical/whole-words';
import { piecesAt } from '../../lexical/whole-word-list';
import { useCloudLayoutState } from './useCloudLayout';

/** The same stack as the page, so canvas measurement matches what the SVG draws. */
const CLOUD_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const WIDTH = 480;
const HEIGHT = 270;
const SEED = 20240724;
// A few dark, distinguishable hues (colour carries no meaning; size does).
const PALETTE = ['#1f4e79', '#a4343a', '#2e6b30', '#6a3d9a', '#b35806', '#00626f', '#4d4d4d'];

/** Every cloud's layout options (the placement's cache and warm-up use the same). */
export const CLOUD_LAYOUT = { width: WIDTH, height: HEIGHT, seed: SEED, fontFamily: CLOUD_FONT, maxPx: 44, minPx: 10 } as const;

interface Props {
  label: string;
  list: WordList | null;
  selectedWord: number | null;
  onWord(index: number): void;
}

export function WordCloud({ label, list, selectedWord, onWord }: Props) {
  const { placed, current } = useCloudLayoutState(list, CLOUD_LAYOUT);
  const wholeWords = useMemo(() => wholeWordTitles(list), [list]);
  return (
    // The font family is set once, on the <svg>, and inherited, rather than repeated on every <text>.
    <svg
      className="word-cloud"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="group"
      aria-label={label}
      aria-busy={list !== null && !current}
      style={{ fontFamily: CLOUD_FONT }}
    >
      <g transform={`translate(${WIDTH / 2},${HEIGHT / 2})`}>
        {placed?.map((w, i) => (
          // Keyed by rank: a new list updates the <text> elements in place instead of replacing them.
          <text
            key={i}
            className={`cloud-word${w.index === selectedWord ? ' selected' : ''}${wholeWords.has(w.index) ? ' whole-word' : ''}`}
            textAnchor="middle"
            // x and y rather than a transform: a transform gives each word a paint property node
            // of its own, which the frame of every hover updates (~1 ms of 7-8 for 40 new words).
            x={w.x}
            y={w.y}
            transform={w.rotate ? `rotate(${w.rotate} ${w.x} ${w.y})` : undefined}
            style={{ fontSize: `${w.size}px`, fill: PALETTE[i % PALETTE.length] }}
            data-value={w.value}
            onClick={() => onWord(w.index)}
          >
            <title>{wholeWords.get(w.index) ?? `${w.text}: ${w.value.toFixed(4)}`}</title>
            {w.text}
          </text>
        ))}
      </g>
    </svg>
  );
}

/** Tooltips of a list's whole words by id ("carrot = car 0.1518 + rot 0.1799 (min 0.1518)"); empty for pieces only. */
function wholeWordTitles(list: WordList | null): Map<number, string> {
  const out = new Map<number, string>();
  list?.indices.forEach((id, i) => {
    const pieces = piecesAt(list, i);
    if (pieces) out.set(id, describeWholeWord(list.words[i], pieces, list.values[i]));
  });
  return out;
}
