/** The heatmap's word, its colour ramp with the scale's numbers, and a button to clear it. */
import { useExplorer } from '../../state';
import { heatmapScale, legendTicks } from './colorScale';

const STOPS = 10;

export function HeatmapLegend() {
  const heatmap = useExplorer((s) => s.heatmap);
  const clear = useExplorer((s) => s.clearHeatmap);
  if (!heatmap) return <p className="hint">Click a word in a cloud or table to see where it is on the image.</p>;
  const { min, max, label } = heatmap;
  const color = heatmapScale({ min, max });
  const gradient = Array.from({ length: STOPS + 1 }, (_, i) => color(min + ((max - min) * i) / STOPS)).join(', ');
  const span = max > min ? max - min : 1;
  return (
    <div className="heatmap-legend" aria-label={`Heatmap legend for "${label}"`}>
      <div className="legend-head">
        <span>
          Heatmap: <strong className="legend-word">{label}</strong>
        </span>
        <button type="button" onClick={clear}>
          Clear heatmap
        </button>
      </div>
      <div className="legend-ramp" style={{ background: `linear-gradient(to right, ${gradient})` }} />
      <div className="legend-ticks">
        {legendTicks({ min, max }).map((t) => (
          <span key={t} style={{ left: `${((t - min) / span) * 100}%` }}>
            {formatScore(t)}
          </span>
        ))}
      </div>
    </div>
  );
}

function formatScore(v: number): string {
  return Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3);
}
