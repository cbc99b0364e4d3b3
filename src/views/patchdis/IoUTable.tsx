/** Per-class IoU and mIoU of one image (classes absent from both prediction and truth show —). */
import type { IoUResult } from '../../lexical/iou';
import { classColor } from './labelColors';

export function IoUTable({ classes, iou }: { classes: string[]; iou: IoUResult }) {
  return (
    <table className="word-table iou-table" aria-label="Per-class IoU">
      <thead>
        <tr>
          <th>class</th>
          <th>IoU</th>
          <th>∩ / ∪ patches</th>
        </tr>
      </thead>
      <tbody>
        {iou.perClass.map((c) => (
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
      <tfoot>
        <tr>
          <th>mIoU</th>
          <td aria-label="mIoU">{Number.isNaN(iou.miou) ? '—' : iou.miou.toFixed(3)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
