/**
 * The sweep as a d3 line chart (SVG): one line per bundle and measure (recall@1 both ways,
 * PatchDis mIoU) against the swept value, log x for top-k. d3 computes scales and paths;
 * React owns the DOM. Each point carries data-* values so tests read what is drawn.
 */
import { extent, line, max, scaleLinear, scaleLog } from 'd3';
import type { SweepTable } from '../../retrieval/sweep';

const W = 640;
const H = 300;
const M = { top: 16, right: 150, bottom: 36, left: 44 };

type Measure = { key: string; label: string; get: (r: SweepTable['rows'][number]) => number | null };
const MEASURES: Measure[] = [
  { key: 'i2t1', label: 'image→text R@1', get: (r) => r.i2t[1] ?? null },
  { key: 't2i1', label: 'text→image R@1', get: (r) => r.t2i[1] ?? null },
  { key: 'miou', label: 'PatchDis mIoU', get: (r) => r.miou },
];
const COLORS = ['#0072b2', '#d55e00', '#009e73'];
const DASH = ['', '6 3', '2 3'];

export function SweepChart({ tables }: { tables: SweepTable[] }) {
  const all = tables.flatMap((t) => t.rows.map((r) => r.value));
  const axis = tables[0]?.axis ?? 'topk';
  const [lo, hi] = extent(all) as [number, number];
  const x = (axis === 'topk' && lo > 0 ? scaleLog() : scaleLinear()).domain(lo === hi ? [lo * 0.9 || 0, hi * 1.1 || 1] : [lo, hi]).range([M.left, W - M.right]);
  const yMax = Math.max(0.05, max(tables.flatMap((t) => t.rows.flatMap((r) => MEASURES.map((m) => m.get(r) ?? 0)))) ?? 1);
  const y = scaleLinear().domain([0, Math.min(1, yMax * 1.1)]).range([H - M.bottom, M.top]).nice();
  const xTicks = axis === 'topk' ? [...new Set(all)].sort((a, b) => a - b) : x.ticks(5);
  return (
    <svg className="sweep-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Sparsity sweep chart" style={{ fontFamily: 'system-ui, sans-serif', fontSize: '11px' }}>
      <g className="axis">
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#555" />
        <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#555" />
        {xTicks.map((v) => (
          <text key={`x${v}`} x={x(v)} y={H - M.bottom + 14} textAnchor="middle" fill="#333">
            {axis === 'topk' ? v : v.toPrecision(2)}
          </text>
        ))}
        {y.ticks(5).map((v) => (
          <g key={`y${v}`}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#eee" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end" fill="#333">
              {(100 * v).toFixed(0)}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fill="#333">
          {axis === 'topk' ? 'top-k (active words kept per vector)' : 'threshold'}
        </text>
        <text transform={`translate(12,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" fill="#333">
          %
        </text>
      </g>
      {tables.map((t, ti) =>
        MEASURES.map((m, mi) => {
          const pts = t.rows.filter((r) => m.get(r) !== null && !Number.isNaN(m.get(r)));
          if (pts.length === 0) return null;
          const d = line<SweepTable['rows'][number]>()
            .x((r) => x(r.value))
            .y((r) => y(m.get(r)!))(pts);
          return (
            <g key={`${ti}-${m.key}`} className="sweep-series" data-bundle={t.bundle} data-measure={m.key}>
              <path d={d ?? ''} fill="none" stroke={COLORS[mi]} strokeWidth={2} strokeDasharray={DASH[ti % DASH.length]} />
              {pts.map((r) => (
                <circle key={r.value} className="sweep-point" cx={x(r.value)} cy={y(m.get(r)!)} r={3} fill={COLORS[mi]} data-value={r.value} data-y={m.get(r)!}>
                  <title>{`${t.bundle}, ${m.label} at ${r.value}: ${(100 * m.get(r)!).toFixed(1)}%`}</title>
                </circle>
              ))}
            </g>
          );
        }),
      )}
      <g className="legend" transform={`translate(${W - M.right + 10},${M.top})`}>
        {tables.map((t, ti) =>
          MEASURES.map((m, mi) => (
            <g key={`${ti}-${m.key}`} transform={`translate(0,${(ti * MEASURES.length + mi) * 16})`}>
              <line x1={0} x2={18} y1={0} y2={0} stroke={COLORS[mi]} strokeWidth={2} strokeDasharray={DASH[ti % DASH.length]} />
              <text x={22} y={4} fill="#333">{`${t.bundle}: ${m.label}`}</text>
            </g>
          )),
        )}
      </g>
    </svg>
  );
}
