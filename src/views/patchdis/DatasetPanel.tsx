/**
 * PatchDis over the loaded evaluation set, in the worker (the same loop as `lexvla eval
 * patchdis`): progress bar, cancel, a sortable per-class table, and CSV / JSON downloads.
 */
import { useState } from 'react';
import { useExplorer, useExplorerShallow } from '../../state';
import { resultsCsv, resultsJson, sortClasses, type SortKey } from './exportResults';
import { patchErrorLines } from '../../patchdis/dataset';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DatasetPanel() {
  const { evalSet, ds } = useExplorerShallow((s) => ({ evalSet: s.patchdis.evalSet, ds: s.patchdis.dataset }));
  const run = useExplorer((s) => s.runPatchDisDataset);
  const cancel = useExplorer((s) => s.cancelPatchDisDataset);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'class', desc: false });
  if (!evalSet) return null;
  const r = ds.result;
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="word-button" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'class' })}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  return (
    <div className="patchdis-dataset" data-status={ds.status}>
      <h3>On the whole evaluation set</h3>
      <div className="row">
        <button type="button" disabled={ds.status === 'running'} onClick={() => void run()}>
          Run PatchDis on {evalSet.name}
        </button>
        {ds.status === 'running' && (
          <>
            <progress aria-label="PatchDis progress" max={ds.total || 1} value={ds.done} />
            <span>
              {ds.done} / {ds.total} {ds.label}
            </span>
            <button type="button" onClick={() => void cancel()}>
              Cancel
            </button>
          </>
        )}
      </div>
      {ds.status === 'cancelled' && <p className="hint" role="status">{ds.error}</p>}
      {ds.status === 'error' && <p className="load-error" role="alert">{ds.error}</p>}
      {r && ds.status === 'done' && (
        <>
          <p className="hint" aria-label="Dataset summary">
            mIoU <strong data-miou={r.miou}>{Number.isNaN(r.miou) ? '—' : r.miou.toFixed(3)}</strong> over {r.images} images ({r.skipped} without a mask skipped), threshold{' '}
            {r.threshold.toPrecision(4)} ({r.thresholdRule}); {r.timing.imagesPerSecond.toFixed(1)} images/s in the browser.
          </p>
          <ul className="hint patch-errors" aria-label="Where the patches went">
            {patchErrorLines(r.errors).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="row">
            <button type="button" onClick={() => download(`patchdis-${r.evalSet}.csv`, resultsCsv(r), 'text/csv')}>
              Download CSV
            </button>
            <button type="button" onClick={() => download(`patchdis-${r.evalSet}.json`, resultsJson(r), 'application/json')}>
              Download JSON
            </button>
          </div>
          <div className="word-table-wrap">
            <table className="word-table" aria-label="Dataset per-class IoU">
              <thead>
                <tr>
                  {header('class', 'class')}
                  {header('iou', 'IoU')}
                  {header('union', '∪ patches')}
                </tr>
              </thead>
              <tbody>
                {sortClasses(r.perClass, sort.key, sort.desc).map((c) => (
                  <tr key={c.class} data-class={c.class}>
                    <td>{c.class}</td>
                    <td className="iou-value">{c.iou === null ? '—' : c.iou.toFixed(3)}</td>
                    <td>{c.union}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
