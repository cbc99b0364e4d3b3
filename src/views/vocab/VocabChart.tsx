/**
 * The most used words of a gallery as a d3 bar chart (SVG): bar length = share of images where
 * the word is active, the mean value where active printed beside it, over-used words (share
 * above the threshold) in orange with the threshold drawn as a dashed line. d3 computes the
 * scales; React owns the DOM. Each bar carries data-* values so tests read what is drawn.
 */
import type { WordUsageMsg } from '../../retrieval/messages';
import { scaleBand, scaleLinear } from 'd3';

const W = 640;
const M = { top: 36, right: 150, bottom: 26, left: 110 };
const ROW = 18;
const FREQUENT = '#4a78c2';
const OVERUSED = '#d55e00';

export function VocabChart({ words, minShare, images }: { words: WordUsageMsg[]; minShare: number; images: number }) {
  const H = M.top + M.bottom + ROW * Math.max(1, words.length);
  const x = scaleLinear().domain([0, 1]).range([M.left, W - M.right]);
  const y = scaleBand<number>().domain(words.map((_, i) => i)).range([M.top, H - M.bottom]).padding(0.18);
  return (
    <svg className="vocab-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Most used words chart" style={{ fontFamily: 'system-ui, sans-serif', fontSize: '11px' }}>
      <text x={M.left} y={12} fill="#333">
        share of the {images} images where the word is active · mean value where active
      </text>
      {x.ticks(5).map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={M.top} y2={H - M.bottom} stroke="#eee" />
          <text x={x(v)} y={H - M.bottom + 14} textAnchor="middle" fill="#333">
            {(100 * v).toFixed(0)}%
          </text>
        </g>
      ))}
      {words.map((w, i) => {
        const over = w.share > minShare;
        const yy = y(i)!;
        return (
          <g key={w.index} className="vocab-bar" data-word={w.word} data-df={w.df} data-share={w.share} data-mean={w.mean} data-overused={over}>
            <text x={M.left - 6} y={yy + y.bandwidth() / 2 + 4} textAnchor="end" fill="#222">
              {w.word}
            </text>
            <rect x={x(0)} y={yy} width={Math.max(0.5, x(w.share) - x(0))} height={y.bandwidth()} fill={over ? OVERUSED : FREQUENT}>
              <title>{`${w.word}: active in ${w.df} of ${images} images (${(100 * w.share).toFixed(0)}%), mean value ${w.mean.toFixed(4)}`}</title>
            </rect>
            <text x={x(w.share) + 4} y={yy + y.bandwidth() / 2 + 4} fill="#444">
              {`${w.df}/${images} · ${w.mean.toFixed(3)}`}
            </text>
          </g>
        );
      })}
      <line x1={x(minShare)} x2={x(minShare)} y1={M.top - 4} y2={H - M.bottom} stroke={OVERUSED} strokeDasharray="4 3" />
      <text x={x(minShare) + 3} y={M.top - 6} fill={OVERUSED}>
        over-used above {(100 * minShare).toFixed(0)}%
      </text>
    </svg>
  );
}
