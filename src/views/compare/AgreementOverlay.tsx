/**
 * The agreement overlay: per patch, the share of the two models' first AGREEMENT_K words that
 * both list (src/lexical/agreement.ts), as coloured cells over the image and a legend.
 */
import { interpolateViridis } from 'd3';
import { AGREEMENT_K } from '../../lexical/agreement';

const color = (v: number) => interpolateViridis(Math.min(1, Math.max(0, v)));

/** One cell per patch, inside GridOverlay's patch-unit SVG; `values`: float32 [patches] in [0, 1]. */
export function AgreementCells({ cols, values }: { cols: number; values: Float32Array }) {
  return (
    <g className="agreement-cells" data-overlay="agreement">
      {Array.from(values, (v, p) => (
        <rect key={p} x={p % cols} y={Math.floor(p / cols)} width={1} height={1} fill={color(v)} fillOpacity={0.75} data-value={v} />
      ))}
    </g>
  );
}

export function AgreementLegend({ values, left, right }: { values: Float32Array | null; left: string; right: string }) {
  const stops = Array.from({ length: AGREEMENT_K + 1 }, (_, i) => color(i / AGREEMENT_K)).join(', ');
  const mean = values && values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null;
  return (
    <div className="agreement-legend" role="group" aria-label="Agreement legend">
      <div className="legend-head">
        <span>
          Agreement: of each patch’s top {AGREEMENT_K} words in {left} (activations) and in {right} (nearest words in embedding space), how many both list
        </span>
        {mean !== null && <span data-testid="agreement-mean">mean {(mean * AGREEMENT_K).toFixed(1)} / {AGREEMENT_K}</span>}
      </div>
      <div className="legend-ramp" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <div className="legend-ticks">
        <span style={{ left: '0%' }}>0 shared</span>
        <span style={{ left: '50%' }}>{AGREEMENT_K / 2}</span>
        <span style={{ left: '100%' }}>all {AGREEMENT_K}</span>
      </div>
    </div>
  );
}
