import { describe, expect, it } from 'vitest';
import { cellToIndex, indexToCell, isSingleCell, pointToCell, regionFromCells, regionSize, type Grid } from './gridGeometry';

const grid: Grid = [16, 16];

describe('pointToCell', () => {
  it('maps a displayed pixel to its patch, whatever the display size', () => {
    expect(pointToCell(0, 0, 448, 448, grid)).toEqual({ row: 0, col: 0 });
    expect(pointToCell(27.9, 28, 448, 448, grid)).toEqual({ row: 1, col: 0 });
    expect(pointToCell(100, 60, 224, 224, grid)).toEqual({ row: 4, col: 7 });
  });
  it('gives the border to the last cell and nothing outside the box', () => {
    expect(pointToCell(448, 448, 448, 448, grid)).toEqual({ row: 15, col: 15 });
    expect(pointToCell(-1, 5, 448, 448, grid)).toBeNull();
    expect(pointToCell(5, 449, 448, 448, grid)).toBeNull();
    expect(pointToCell(5, 5, 0, 448, grid)).toBeNull();
  });
  it('handles non-square grids', () => {
    expect(pointToCell(299, 10, 300, 200, [2, 3])).toEqual({ row: 0, col: 2 });
    expect(pointToCell(10, 150, 300, 200, [2, 3])).toEqual({ row: 1, col: 0 });
  });
});

describe('indices and regions', () => {
  it('round-trips index = row * cols + col', () => {
    expect(cellToIndex({ row: 2, col: 5 }, grid)).toBe(37);
    expect(indexToCell(37, grid)).toEqual({ row: 2, col: 5 });
    expect(indexToCell(cellToIndex({ row: 1, col: 2 }, [2, 3]), [2, 3])).toEqual({ row: 1, col: 2 });
  });
  it('normalises a drag in any direction to an inclusive rectangle', () => {
    const r = regionFromCells({ row: 9, col: 2 }, { row: 3, col: 6 });
    expect(r).toEqual({ r0: 3, c0: 2, r1: 9, c1: 6 });
    expect(regionSize(r)).toBe(7 * 5);
    expect(isSingleCell(r)).toBe(false);
    expect(isSingleCell(regionFromCells({ row: 4, col: 4 }, { row: 4, col: 4 }))).toBe(true);
  });
});
