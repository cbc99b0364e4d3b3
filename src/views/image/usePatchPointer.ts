/**
 * Pointer and keyboard handling on the patch grid: hover shows a patch, a click pins or
 * unpins it, a drag across patches selects a region (its words show while it is dragged),
 * arrow keys move the pinned patch.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useExplorer } from '../../state';
import { cellToIndex, isSingleCell, pointToCell, regionFromCells, type Cell, type Grid, type RegionRect } from './gridGeometry';

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** A pointer that stays this long on a patch may press there next. */
const REST_MS = 120;

export function usePatchPointer(grid: Grid) {
  const hoverPatch = useExplorer((s) => s.hoverPatch);
  const togglePin = useExplorer((s) => s.togglePin);
  const selectRegion = useExplorer((s) => s.selectRegion);
  const previewRegion = useExplorer((s) => s.previewRegion);
  const prefetchRegionWords = useExplorer((s) => s.prefetchRegionWords);
  const movePinned = useExplorer((s) => s.movePinned);
  const clearSelection = useExplorer((s) => s.clearSelection);
  const hovered = useExplorer((s) => s.selection.hovered);
  const region = useExplorer((s) => s.selection.region);
  const start = useRef<Cell | null>(null);
  // The region selected before the drag: shown again while the drag covers a single patch, and
  // kept if the drag is cancelled.
  const before = useRef<RegionRect | null>(null);
  const [drag, setDrag] = useState<RegionRect | null>(null);

  // Every region a drag from the patch under a resting pointer can select, made before the press:
  // on a big model they take the worker longer than a hand takes to press and move.
  useEffect(() => {
    if (hovered === null) return;
    const t = setTimeout(() => void prefetchRegionWords(hovered), REST_MS);
    return () => clearTimeout(t);
  }, [hovered, prefetchRegionWords]);

  function cellAt(e: PointerEvent<Element>): Cell | null {
    const box = e.currentTarget.getBoundingClientRect();
    return pointToCell(e.clientX - box.left, e.clientY - box.top, box.width, box.height, grid);
  }

  const handlers = {
    onPointerDown(e: PointerEvent<Element>) {
      if (e.button !== 0) return;
      const cell = cellAt(e);
      if (!cell) return;
      start.current = cell;
      before.current = region;
      e.currentTarget.setPointerCapture(e.pointerId);
      // Every region this drag can select, made while the pointer is still on its first patch.
      void prefetchRegionWords(cellToIndex(cell, grid));
    },
    onPointerMove(e: PointerEvent<Element>) {
      const cell = cellAt(e);
      if (start.current && cell) {
        const r = regionFromCells(start.current, cell);
        const single = isSingleCell(r);
        setDrag(single ? null : r);
        previewRegion(single ? before.current : r);
        return;
      }
      hoverPatch(cell ? cellToIndex(cell, grid) : null);
    },
    onPointerUp(e: PointerEvent<Element>) {
      const from = start.current;
      start.current = null;
      setDrag(null);
      const cell = cellAt(e);
      if (!from || !cell) return;
      const r = regionFromCells(from, cell);
      if (isSingleCell(r)) togglePin(cellToIndex(cell, grid));
      else selectRegion(r);
    },
    onPointerLeave() {
      if (!start.current) hoverPatch(null);
    },
    onPointerCancel() {
      if (start.current) previewRegion(before.current);
      start.current = null;
      setDrag(null);
    },
    onKeyDown(e: KeyboardEvent<Element>) {
      const step = ARROWS[e.key];
      if (step) {
        e.preventDefault();
        // Shift moves four patches at a time, for big grids.
        const k = e.shiftKey ? 4 : 1;
        movePinned(step[0] * k, step[1] * k);
      } else if (e.key === 'Escape') {
        clearSelection();
      } else if ((e.key === 'Enter' || e.key === ' ') && hovered !== null) {
        e.preventDefault();
        togglePin(hovered);
      }
    },
  };
  return { handlers, drag };
}
