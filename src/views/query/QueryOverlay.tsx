/**
 * The image with the queries drawn over it, in patch units (viewBox = cols x rows): the focused
 * query's relevance as a heatmap, and every query's selected patches outlined in its colour.
 */
import type { ImageRGBA } from '../../model/encode';
import type { QueryEntry } from '../../state/queryTypes';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { PreviewCanvas } from '../image/PreviewCanvas';

interface Props {
  preview: ImageRGBA;
  grid: [number, number];
  inputSize: [number, number];
  focused: QueryEntry | null;
  /** Selected patch indices per ready query. */
  selected: Array<{ query: QueryEntry; patches: number[] }>;
}

export function QueryOverlay({ preview, grid, inputSize, focused, selected }: Props) {
  const [rows, cols] = grid;
  const r = focused?.result;
  return (
    <div className="image-stage" style={{ aspectRatio: `${inputSize[1]} / ${inputSize[0]}` }}>
      <PreviewCanvas image={preview} />
      <svg className="grid-overlay" viewBox={`0 0 ${cols} ${rows}`} preserveAspectRatio="none" role="img" aria-label="Query relevance overlay">
        {r && r.relevance.length === rows * cols && <HeatmapCells grid={grid} values={r.relevance} min={r.min} max={r.max} />}
        {selected.map(({ query, patches }) => (
          <g key={query.id} className="query-selection" data-query={query.text} data-count={patches.length}>
            {patches.map((p) => (
              <rect
                key={p}
                className="query-selected"
                data-patch={p}
                x={p % cols + 0.08}
                y={Math.floor(p / cols) + 0.08}
                width={0.84}
                height={0.84}
                stroke={query.color}
                fill={query.id === focused?.id ? 'none' : query.color}
              />
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
