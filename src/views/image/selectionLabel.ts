/** A one-line description of what is selected on the grid (1-based rows and columns for people). */
import type { ExplorerState } from '../../state';
import { indexToCell, regionSize, type Grid } from './gridGeometry';

export function selectionLabel(sel: ExplorerState['selection'], grid: Grid): string {
  if (sel.region) {
    const r = sel.region;
    return `Region: rows ${r.r0 + 1}–${r.r1 + 1}, columns ${r.c0 + 1}–${r.c1 + 1} (${regionSize(r)} patches, max-pooled)`;
  }
  const index = sel.pinned ?? sel.hovered;
  if (index === null) return 'Hover a patch to see its words; click to pin it, drag to select a region.';
  const { row, col } = indexToCell(index, grid);
  return `${sel.pinned !== null ? 'Pinned patch' : 'Patch'}: row ${row + 1}, column ${col + 1} (#${index})`;
}
