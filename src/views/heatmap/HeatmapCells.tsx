/** One coloured square per patch by the selected word's score (drawn inside GridOverlay). */
import { heatmapScale } from './colorScale';

interface Props {
  grid: [number, number];
  values: Float32Array; // float32 [patches]
  min: number;
  max: number;
}

export function HeatmapCells({ grid, values, min, max }: Props) {
  const [, cols] = grid;
  const color = heatmapScale({ min, max });
  const cells = [];
  for (let i = 0; i < values.length; i++) {
    // data-value: the score itself, so tests (and devtools) can read what the colour encodes.
    cells.push(<rect key={i} x={i % cols} y={Math.floor(i / cols)} width={1} height={1} fill={color(values[i])} data-value={values[i]} />);
  }
  return <g className="heatmap-cells">{cells}</g>;
}
