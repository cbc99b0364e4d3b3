/**
 * PatchDis dataset results as files: CSV (one row per class, then mIoU) and JSON (the very
 * object `lexvla eval patchdis --json` prints), plus the sort the results table uses. Pure.
 */
import type { DatasetClassIoU, DatasetResult } from '../../patchdis/dataset';

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(r: DatasetResult): string {
  const lines = ['class,iou,intersection,union'];
  for (const c of r.perClass) lines.push([csvCell(c.class), c.iou === null ? '' : String(c.iou), String(c.inter), String(c.union)].join(','));
  lines.push(`mIoU,${Number.isNaN(r.miou) ? '' : r.miou},,`);
  return lines.join('\n') + '\n';
}

export function resultsJson(r: DatasetResult): string {
  return JSON.stringify(r, null, 2);
}

export type SortKey = 'class' | 'iou' | 'union';

/** Sorted copy; classes without an IoU (absent everywhere) always go last. */
export function sortClasses(rows: readonly DatasetClassIoU[], key: SortKey, descending: boolean): DatasetClassIoU[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === 'class') return sign * a.class.localeCompare(b.class);
    const av = key === 'iou' ? a.iou : a.union;
    const bv = key === 'iou' ? b.iou : b.union;
    if (av === null || bv === null) return av === null ? (bv === null ? 0 : 1) : -1;
    return sign * (av - bv) || a.class.localeCompare(b.class);
  });
}
