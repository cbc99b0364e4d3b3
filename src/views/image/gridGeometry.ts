/**
 * Patch-grid geometry (pure): pointer positions to patch cells, drags to inclusive regions.
 * Patch index = row * cols + col, PatchTarget's convention (src/model/word-views.ts).
 */
export type Grid = [rows: number, cols: number];
export interface Cell {
  row: number;
  col: number;
}
export interface RegionRect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/**
 * The cell under a point given in the displayed box's pixels, or null outside the box.
 * The right and bottom edges belong to the last cell so a pointer on the border still selects.
 */
export function pointToCell(x: number, y: number, boxWidth: number, boxHeight: number, grid: Grid): Cell | null {
  const [rows, cols] = grid;
  if (!(boxWidth > 0 && boxHeight > 0) || x < 0 || y < 0 || x > boxWidth || y > boxHeight) return null;
  const col = Math.min(cols - 1, Math.floor((x / boxWidth) * cols));
  const row = Math.min(rows - 1, Math.floor((y / boxHeight) * rows));
  return { row, col };
}

export function cellToIndex(cell: Cell, grid: Grid): number {
  return cell.row * grid[1] + cell.col;
}

export function indexToCell(index: number, grid: Grid): Cell {
  return { row: Math.floor(index / grid[1]), col: index % grid[1] };
}

/** The inclusive rectangle spanned by two cells, whichever way the drag went. */
export function regionFromCells(a: Cell, b: Cell): RegionRect {
  return {
    r0: Math.min(a.row, b.row),
    c0: Math.min(a.col, b.col),
    r1: Math.max(a.row, b.row),
    c1: Math.max(a.col, b.col),
  };
}

export function regionSize(r: RegionRect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

/** A drag that never left its first cell is a click, not a region. */
export function isSingleCell(r: RegionRect): boolean {
  return r.r0 === r.r1 && r.c0 === r.c1;
}
