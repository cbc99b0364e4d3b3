/**
 * Recall@1/5/10 both ways on a captioned evaluation set (the bundle's, or a folder), computed by
 * the same function as `lexvla eval retrieval`, so the numbers match the CLI's.
 */
import { useExplorerShallow } from '../../state';

const folderAttrs = { webkitdirectory: '', directory: '' } as Record<string, string>;
const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : (100 * x).toFixed(1));

export function EvalPanel() {
  const { info, ev, evaluate, cancel } = useExplorerShallow((s) => ({
    info: s.model.info,
    ev: s.retrieval.evaluation,
    evaluate: s.evaluateRecall,
    cancel: s.cancelRetrievalJob,
  }));
  if (!info) return null;
  const running = ev.status === 'running';
  function onFolder(e: React.ChangeEvent<HTMLInputElement>) {
    const files = [...(e.currentTarget.files ?? [])].map((f) => ({ path: f.webkitRelativePath || f.name, file: f as Blob }));
    e.currentTarget.value = '';
    if (files.length) void evaluate({ kind: 'files', files });
  }
  const r = ev.result;
  return (
    <div className="recall-eval">
      <h3>Recall@K</h3>
      <div className="row">
        {info.hasEval && (
          <button type="button" disabled={running} onClick={() => void evaluate({ kind: 'bundle' })}>
            Evaluate on the bundle's evaluation set
          </button>
        )}
        <label className="file-button">
          Evaluate on a folder…
          <input type="file" aria-label="Evaluation set folder for recall" {...folderAttrs} multiple onChange={onFolder} disabled={running} />
        </label>
      </div>
      {running && (
        <div className="progress" role="status">
          <span>{ev.progress ? `Encoding ${ev.progress.done} / ${ev.progress.total}: ${ev.progress.label}` : 'Reading the evaluation set…'}</span>
          {ev.progress && <progress max={ev.progress.total} value={ev.progress.done} />}
          <button type="button" onClick={() => void cancel('evaluation')}>Cancel evaluation</button>
        </div>
      )}
      {r && (
        <table className="recall-table" aria-label="Recall" data-images={r.images} data-captions={r.captions}>
          <caption>
            {ev.evalSet}: {r.images} images, {r.captions} captions (text: {ev.textMode})
          </caption>
          <thead>
            <tr><th>direction</th><th>R@1</th><th>R@5</th><th>R@10</th></tr>
          </thead>
          <tbody>
            <tr data-direction="i2t"><th>image → text</th><td>{pct(r.i2t[1])}</td><td>{pct(r.i2t[5])}</td><td>{pct(r.i2t[10])}</td></tr>
            <tr data-direction="t2i"><th>text → image</th><td>{pct(r.t2i[1])}</td><td>{pct(r.t2i[5])}</td><td>{pct(r.t2i[10])}</td></tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
