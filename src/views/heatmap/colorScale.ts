/** Colour of a patch by a word's score: a sequential d3 scale over [min, max] of that word. */
import { scaleSequential, interpolateInferno, ticks } from 'd3';

interface HeatmapDomain {
  min: number;
  max: number;
}

export function heatmapScale({ min, max }: HeatmapDomain): (v: number) => string {
  // A constant map (min == max) would divide by zero inside the scale; widen it a hair.
  const hi = max > min ? max : min + 1e-9;
  // Inferno's near-white top is kept for strong patches; its black bottom reads as "nothing here".
  return scaleSequential(interpolateInferno).domain([min, hi]);
}

/** Legend tick values: a few round numbers inside [min, max], with the ends always shown. */
export function legendTicks({ min, max }: HeatmapDomain, count = 4): number[] {
  if (!(max > min)) return [min];
  // Inner ticks too close to an end would print on top of the end's label.
  const gap = (max - min) * 0.12;
  const inner = ticks(min, max, count).filter((t) => t > min + gap && t < max - gap);
  return [min, ...inner, max];
}
