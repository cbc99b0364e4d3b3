/** The patches where one word's score is highest: what the word index shows beside its heatmap. Pure. */

interface PatchScore {
  index: number;
  row: number;
  col: number;
  value: number;
}

/** The k highest of `values` (float32 [rows * cols]), highest first; ties: lower patch index. */
export function topPatches(values: ArrayLike<number>, grid: [number, number], k: number): PatchScore[] {
  const [rows, cols] = grid;
  if (values.length !== rows * cols) throw new RangeError(`topPatches: ${values.length} values for a ${rows} x ${cols} grid, expected ${rows * cols}`);
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, Math.max(0, k)).map((i) => ({ index: i, row: Math.floor(i / cols), col: i % cols, value: values[i] }));
}
