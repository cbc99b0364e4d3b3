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
    cells.push(<rect key={i} x={i % cols} y={Math.floor(i / cols)} width={1} height={1} fill={color(values[i])} />);
  }
  return <g className="heatmap-cells">{cells}</g>;
}
