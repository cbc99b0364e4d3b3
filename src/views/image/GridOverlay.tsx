/**
 * SVG over the image in patch units (viewBox = cols x rows), so a patch is a 1 x 1 square:
 * grid lines, the heatmap cells, and the hovered / pinned / dragged selection outlines.
 */
import type { ReactNode } from 'react';
import { indexToCell, type Grid, type RegionRect } from './gridGeometry';

interface Props {
  grid: Grid;
  hovered: number | null;
  pinned: number | null;
  region: RegionRect | null;
  drag: RegionRect | null;
  heatmap?: ReactNode;
}

/** A selection box drawn twice, a light halo under a coloured line, so it shows on any image colour. */
function Box({ r, className }: { r: RegionRect; className: string }) {
  const geom = { x: r.c0, y: r.r0, width: r.c1 - r.c0 + 1, height: r.r1 - r.r0 + 1 };
  return (
    <g className={className}>
      <rect className="halo" {...geom} />
      <rect className="line" {...geom} />
    </g>
  );
}

function cellRect(index: number, grid: Grid): RegionRect {
  const { row, col } = indexToCell(index, grid);
  return { r0: row, c0: col, r1: row, c1: col };
}

export function GridOverlay({ grid, hovered, pinned, region, drag, heatmap }: Props) {
  const [rows, cols] = grid;
  let lines = '';
  for (let c = 1; c < cols; c++) lines += `M${c} 0V${rows}`;
  for (let r = 1; r < rows; r++) lines += `M0 ${r}H${cols}`;
  return (
    <svg className="grid-overlay" viewBox={`0 0 ${cols} ${rows}`} preserveAspectRatio="none" aria-hidden="true">
      {heatmap}
      <path className="grid-lines" d={lines} />
      {hovered !== null && hovered !== pinned && <Box r={cellRect(hovered, grid)} className="sel-hover" />}
      {pinned !== null && <Box r={cellRect(pinned, grid)} className="sel-pinned" />}
      {region && <Box r={region} className="sel-region" />}
      {drag && <Box r={drag} className="sel-drag" />}
    </svg>
  );
}
