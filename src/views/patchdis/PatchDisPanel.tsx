/**
 * PatchDis on one image (the paper's Fig. 3): a class list (typed, from an evaluation
 * set folder, or the bundle's own set), every patch labelled argmax_c <v_p, t_c> (cosine for dense
 * bundles) unless below the background threshold, beside the ground-truth mask when given, with
 * per-class IoU. The threshold rule and mask handling are in docs/patchdis.md.
 */
import { useEffect, useState } from 'react';
import { parseClassList } from '../../patchdis/classes';
import { useExplorerShallow } from '../../state';
import '../query/query.css';
import './patchdis.css';
import { DatasetPanel } from './DatasetPanel';
import { EvalSetPicker } from './EvalSetPicker';
import { IoUTable } from './IoUTable';
import { LabelGrid } from './LabelGrid';
import { classColor } from './labelColors';

export function PatchDisPanel() {
  const { info, preview, imageName, pd } = useExplorerShallow((s) => ({
    info: s.model.info,
    preview: s.image.preview,
    imageName: s.image.name,
    pd: s.patchdis,
  }));
  const actions = useExplorerShallow((s) => ({
    setClasses: s.setPatchDisClasses,
    setThreshold: s.setPatchDisThreshold,
    setMask: s.setPatchDisMask,
    run: s.runPatchDis,
    prepareText: s.prepareText,
    prepareClasses: s.preparePatchDisClasses,
  }));
  const [typed, setTyped] = useState('');
  // Classes loaded from an evaluation set replace what was typed.
  useEffect(() => setTyped(pd.classes.join(', ')), [pd.classes]);
  // A new image is relabelled by the store (the image slice) when PatchDis is in use.
  if (!info) return null;
  const mask = pd.mask && pd.mask.forImage === imageName ? pd.mask : null;
  const r = pd.status === 'ready' ? pd.result : null;
  return (
    <section className="panel patchdis-panel" aria-labelledby="patchdis-title">
      <h2 id="patchdis-title">PatchDis</h2>
      <p className="subtitle">
        Each patch takes the class it matches best ({info.kind === 'lexical' ? '⟨v_p, t_c⟩' : 'cosine'}); below the background threshold it stays unlabelled.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          actions.setClasses(parseClassList(typed)); // zustand's set is synchronous: run reads these classes
          void actions.run();
        }}
      >
        <label className="field">
          Classes
          <textarea
            aria-label="Class list"
            rows={2}
            placeholder="comma or line separated, e.g. dog, cat, pizza"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onFocus={actions.prepareText}
            // Leaving the field with a list typed: its names' vectors are computed while the user moves on.
            onBlur={() => actions.prepareClasses(parseClassList(typed))}
          />
        </label>
        <EvalSetPicker />
        <div className="row">
          <label className="file-button">
            Ground-truth mask for {imageName ?? 'the image'}…
            <input
              type="file"
              aria-label="Ground-truth mask"
              accept="image/png"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) actions.setMask({ name: f.name, bytes: await f.arrayBuffer(), forImage: imageName });
              }}
            />
          </label>
          {mask && (
            <span className="badge">
              {mask.name}{' '}
              <button type="button" className="dismiss" aria-label="Remove the mask" onClick={() => actions.setMask(null)}>
                ×
              </button>
            </span>
          )}
        </div>
        <div className="row">
          <label>
            <input type="checkbox" aria-label="Default background threshold" checked={pd.threshold === null} onChange={(e) => actions.setThreshold(e.target.checked ? null : (r?.threshold ?? 0))} /> default
            background rule
          </label>
          {pd.threshold !== null && (
            <input type="number" aria-label="Background threshold" step={0.01} value={pd.threshold} onChange={(e) => actions.setThreshold(Number(e.target.value))} />
          )}
          <button type="submit" disabled={!preview || parseClassList(typed).length === 0 || pd.status === 'running'}>
            Label patches
          </button>
        </div>
      </form>
      {pd.status === 'running' && (
        <p className="hint patchdis-running">
          {/* Announced once; the counts below change every 100 ms and are read on demand only. */}
          <span role="status">Labelling patches…</span>
          {pd.progress && pd.progress.done < pd.progress.total && (
            <span className="patchdis-progress">
              {' '}
              <progress aria-label="Class names encoded" max={pd.progress.total} value={pd.progress.done} /> {pd.progress.done} / {pd.progress.total} class
              names encoded (kept for later runs)
            </span>
          )}
        </p>
      )}
      {pd.status === 'error' && (
        <p className="load-error" role="alert">
          {pd.error}
        </p>
      )}
      {r && preview && (
        <div className="patchdis-result" data-status="ready">
          <p className="hint">
            Background threshold {r.threshold.toPrecision(4)}: {r.thresholdRule}. {r.ms.toFixed(1)} ms.
          </p>
          <div className="patchdis-grids">
            <LabelGrid label="Image" grid={info.grid} inputSize={info.inputSize} labels={null} image={preview} />
            {r.gt && <LabelGrid label={`Ground truth (${r.maskName})`} grid={info.grid} inputSize={info.inputSize} labels={r.gt} />}
            <LabelGrid label="Predicted patch labels" grid={info.grid} inputSize={info.inputSize} labels={r.labels} image={preview} />
          </div>
          <ul className="class-legend" aria-label="Class legend">
            {r.classes.map((c, i) => (
              <li key={c}>
                <span className="query-swatch" style={{ background: classColor(i) }} /> {c}
                {r.classWords[i].dropped.length > 0 && <span className="hint"> (dropped: {r.classWords[i].dropped.join(', ')})</span>}
                {info.textMode !== 'onnx' && r.classWords[i].used.length === 0 && <span className="load-error"> (no vocabulary word: never predicted)</span>}
              </li>
            ))}
          </ul>
          {r.iou && <IoUTable classes={r.classes} iou={r.iou} />}
        </div>
      )}
      <DatasetPanel />
    </section>
  );
}
