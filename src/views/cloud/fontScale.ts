/**
 * Word size = lexical value (the paper's Fig. 4): font size is proportional to the value,
 * the strongest word getting `maxPx`. Below `minPx` text is unreadable, so sizes are floored
 * there; the floor is the only place the proportionality bends.
 */
interface FontScaleOptions {
  maxPx: number;
  minPx: number;
}

export function fontScale(values: readonly number[], opts: FontScaleOptions): (value: number) => number {
  const top = values.reduce((m, v) => (v > m ? v : m), 0);
  if (!(top > 0)) return () => opts.minPx;
  return (v) => Math.max(opts.minPx, (opts.maxPx * Math.max(0, v)) / top);
}
