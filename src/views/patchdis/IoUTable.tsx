/**
 * Per-class IoU and mIoU of one image (classes absent from both prediction and truth show —).
 * `countedOnly`: only the classes that count (in the truth or the prediction), without the mIoU row
 * (the composer shows its mIoU above the table).
 */
import type { IoUResult } from '../../lexical/iou';
import { classColor } from './labelColors';

export function IoUTable({ classes, iou, label = 'Per-class IoU', countedOnly = false }: { classes: string[]; iou: IoUResult; label?: string; countedOnly?: boolean }) {
  const rows = countedOnly ? iou.perClass.filter((c) => c.iou !== null) : iou.perClass;
  return (
    <table className="word-table iou-table" aria-label={label}>
      <thead>
        <tr>
          <th>class</th>
          <th>IoU</th>
          <th>∩ / ∪ patches</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.cls} data-class={classes[c.cls]}>
            <td>
              <span className="query-swatch" style={{ background: classColor(c.cls) }} /> {classes[c.cls]}
            </td>
            <td className="iou-value">{c.iou === null ? '—' : c.iou.toFixed(3)}</td>
            <td>
              {c.inter} / {c.union}
            </td>
          </tr>
        ))}
      </tbody>
      {!countedOnly && (
      <tfoot>
        <tr>
          <th>mIoU</th>
          <td aria-label="mIoU">{Number.isNaN(iou.miou) ? '—' : iou.miou.toFixed(3)}</td>
          <td />
        </tr>
      </tfoot>
      )}
    </table>
  );
}
