/** The focused query's relevance ramp with its numbers (the heatmap view's scale and ticks). */
import { heatmapScale, legendTicks } from '../heatmap/colorScale';

const STOPS = 10;

export function QueryLegend({ label, min, max, kind }: { label: string; min: number; max: number; kind: 'lexical' | 'dense' }) {
  const color = heatmapScale({ min, max });
  const gradient = Array.from({ length: STOPS + 1 }, (_, i) => color(min + ((max - min) * i) / STOPS)).join(', ');
  const span = max > min ? max - min : 1;
  return (
    <div className="heatmap-legend" aria-label={`Relevance legend for "${label}"`}>
      <div className="legend-head">
        <span>
          {kind === 'lexical' ? '⟨v_p, t⟩' : 'cosine(patch, text)'} for <strong className="legend-word">{label}</strong>
        </span>
      </div>
      <div className="legend-ramp" style={{ background: `linear-gradient(to right, ${gradient})` }} />
      <div className="legend-ticks">
        {legendTicks({ min, max }).map((t) => (
          <span key={t} style={{ left: `${((t - min) / span) * 100}%` }}>
            {Math.abs(t) >= 100 || t === 0 ? t.toFixed(0) : t.toPrecision(3)}
          </span>
        ))}
      </div>
    </div>
  );
}
