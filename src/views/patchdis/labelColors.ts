/** One colour per PatchDis class (d3's Tableau 10, then Set3 for the next twelve, then repeats). */
import { schemeSet3, schemeTableau10 } from 'd3';

const PALETTE = [...schemeTableau10, ...schemeSet3];

export function classColor(c: number): string {
  return PALETTE[((c % PALETTE.length) + PALETTE.length) % PALETTE.length];
}
