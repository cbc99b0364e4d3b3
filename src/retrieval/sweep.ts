/**
 * The sparsity sweep's table (the paper's Fig. 5 at the user's scale): which rules a sweep
 * runs, and one row per rule with recall@K both ways and PatchDis mIoU. Pure: the worker and
 * `lexvla sweep` assemble and print the same table from the same numbers.
 */
import type { SparsifyRule } from '../lexical/sparse';
import type { RecallResult } from './recall';

/** What varies: the cap on active words (threshold fixed at the bundle's), or the threshold (no cap). */
export type SweepAxis = 'topk' | 'threshold';

export interface SweepSpec {
  axis: SweepAxis;
  values: number[];
}

interface SweepRow {
  value: number;
  rule: SparsifyRule;
  /** K -> recall in [0, 1]. */
  i2t: Record<number, number>;
  t2i: Record<number, number>;
  /** null when PatchDis was not run (no masks, or not asked for). */
  miou: number | null;
}

export interface SweepTable {
  bundle: string;
  kind: 'lexical' | 'dense';
  evalSet: string;
  axis: SweepAxis;
  images: number;
  captions: number;
  rows: SweepRow[];
}

export const DEFAULT_TOPK_VALUES = [8, 16, 32, 64, 128, 256];
/** Multiples of the bundle's threshold (1/sqrt(V) by default). */
export const DEFAULT_THRESHOLD_FACTORS = [0.5, 1, 2, 4, 8];

/** One rule per value: top-k keeps the bundle's threshold; a threshold sweep lifts the cap. */
export function sweepRules(spec: SweepSpec, base: SparsifyRule): SparsifyRule[] {
  if (spec.values.length === 0) throw new RangeError('sweep: no values, expected at least one top-k or threshold');
  return spec.values.map((v) => {
    if (spec.axis === 'topk') {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`sweep: top-k ${v}, expected a positive integer`);
      return { threshold: base.threshold, topK: v };
    }
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`sweep: threshold ${v}, expected a finite number >= 0`);
    return { threshold: v, topK: null };
  });
}

/** "8, 16 32" -> [8, 16, 32]; sorted ascending, duplicates dropped. */
export function parseSweepValues(text: string, axis: SweepAxis): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const values = parts.map((p) => {
    const n = Number(p);
    if (!Number.isFinite(n) || n < 0 || (axis === 'topk' && (!Number.isInteger(n) || n < 1))) {
      throw new RangeError(`"${p}" is not a ${axis === 'topk' ? 'positive whole number (top-k)' : 'threshold >= 0'}`);
    }
    return n;
  });
  if (values.length === 0) throw new RangeError(`no values, expected a list of ${axis === 'topk' ? 'top-k values such as 8, 32, 128' : 'thresholds such as 0.005, 0.01'}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

export function assembleSweepTable(
  meta: Omit<SweepTable, 'rows' | 'images' | 'captions' | 'axis'>,
  spec: SweepSpec,
  rules: readonly SparsifyRule[],
  recalls: readonly RecallResult[],
  miou: ReadonlyArray<number> | null,
): SweepTable {
  const n = spec.values.length;
  if (rules.length !== n || recalls.length !== n || (miou && miou.length !== n)) {
    throw new RangeError(`sweep table: ${n} values, ${rules.length} rules, ${recalls.length} recall results and ${miou?.length ?? 'no'} mIoU values, expected one of each per value`);
  }
  return {
    ...meta,
    axis: spec.axis,
    images: recalls[0]?.images ?? 0,
    captions: recalls[0]?.captions ?? 0,
    rows: spec.values.map((value, i) => ({ value, rule: rules[i], i2t: recalls[i].i2t, t2i: recalls[i].t2i, miou: miou ? miou[i] : null })),
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '     —' : (100 * x).toFixed(1).padStart(6));

/** The table as `lexvla sweep` prints it (percentages, one decimal). */
export function formatSweepTable(t: SweepTable): string[] {
  const head = t.axis === 'topk' ? '  top-k' : 'threshold';
  const w = head.length;
  const lines = [
    `${t.bundle} (${t.kind}) on ${t.evalSet}: ${t.images} images, ${t.captions} captions; sweeping ${t.axis === 'topk' ? 'top-k' : 'the threshold'}`,
    `${head}  i2t@1  i2t@5 i2t@10  t2i@1  t2i@5 t2i@10   mIoU`,
  ];
  for (const r of t.rows) {
    const v = t.axis === 'topk' ? String(r.value) : r.value.toPrecision(4);
    lines.push(`${v.padStart(w)} ${pct(r.i2t[1])} ${pct(r.i2t[5])} ${pct(r.i2t[10])} ${pct(r.t2i[1])} ${pct(r.t2i[5])} ${pct(r.t2i[10])} ${pct(r.miou)}`);
  }
  return lines;
}
