/**
 * The sparsity sweep view (the paper's Fig. 5): choose top-k or threshold values, run over the bundle's
 * evaluation set (or the one picked in the PatchDis panel), watch progress, read chart and table.
 * With a second bundle loaded in Compare, both are swept on the same set.
 */
import { useExplorerShallow } from '../../state';
import { DEFAULT_THRESHOLD_FACTORS, DEFAULT_TOPK_VALUES, formatSweepTable } from '../../retrieval/sweep';
import { SweepChart } from './SweepChart';
import { SaveImageButtons } from '../export/SaveImageButtons';

export function SweepPanel() {
  const s = useExplorerShallow((st) => ({
    info: st.model.info,
    sweep: st.sweep,
    evalSet: st.patchdis.evalSet,
    second: st.compare.status === 'ready' ? st.compare.info : null,
    setSweepAxis: st.setSweepAxis,
    runSweep: st.runSweep,
    cancelSweep: st.cancelSweep,
  }));
  const { info, sweep } = s;
  if (!info) return null;
  const base = info.sparsify?.threshold ?? 0;
  const defaults = (axis: 'topk' | 'threshold') =>
    axis === 'topk' ? DEFAULT_TOPK_VALUES.join(', ') : DEFAULT_THRESHOLD_FACTORS.map((f) => (f * base).toPrecision(3)).join(', ');
  const source = s.evalSet ? `the evaluation set ${s.evalSet.name} (picked in PatchDis)` : info.hasEval ? `${info.name}'s own evaluation set` : null;
  const running = sweep.status === 'running';
  return (
    <section className="panel sweep-panel" aria-label="Sparsity sweep" aria-busy={running} data-status={sweep.status}>
      <h2>Sparsity sweep</h2>
      <p className="hint">
        Recall@1 both ways and PatchDis mIoU as the number of active words changes (the paper's Fig. 5). Each image is encoded once and
        re-sparsified per setting, with the same code as <code>lexvla sweep</code>.
        {s.second && ` ${s.second.name} (Compare) is swept too.`}
      </p>
      {!source ? (
        <p className="hint">{info.name} has no evaluation set: pick one in the PatchDis panel.</p>
      ) : (
        <form
          className="compare-controls"
          onSubmit={(e) => {
            e.preventDefault();
            void s.runSweep();
          }}
        >
          <label>
            Vary{' '}
            <select value={sweep.axis} aria-label="Sweep axis" onChange={(e) => s.setSweepAxis(e.target.value as 'topk' | 'threshold', defaults(e.target.value as 'topk' | 'threshold'))}>
              <option value="topk">top-k</option>
              <option value="threshold">threshold</option>
            </select>
          </label>
          <label>
            Values <input aria-label="Sweep values" value={sweep.values} onChange={(e) => s.setSweepAxis(sweep.axis, e.target.value)} />
          </label>
          <button type="submit" disabled={running}>
            Run sweep
          </button>
          {running && (
            <button type="button" onClick={() => void s.cancelSweep()}>
              Cancel
            </button>
          )}
          <span className="hint">on {source}</span>
        </form>
      )}
      {running && (
        <p>
          <progress max={sweep.total || 1} value={sweep.done} aria-label="Sweep progress" /> {sweep.done}/{sweep.total} {sweep.label}
        </p>
      )}
      {sweep.error && <p className="hint" role="status">{sweep.status === 'cancelled' ? 'Cancelled.' : sweep.error}</p>}
      {sweep.tables.length > 0 && (
        <>
          <SweepChart tables={sweep.tables} />
          <SaveImageButtons label="sweep chart" selector="svg.sweep-chart" fileName="lexvla-sparsity-sweep" />
          <pre className="sweep-table" aria-label="Sweep table">{sweep.tables.map((t) => formatSweepTable(t).join('\n')).join('\n\n')}</pre>
        </>
      )}
    </section>
  );
}
