/**
 * What the model makes of the composed scene, live: its words (click one for its heatmap on the
 * scene), and PatchDis against the scene's exact ground truth: mIoU, the classes it counts, and
 * the ground-truth and predicted patch labels. Numbers come from the store's PatchDis run, i.e.
 * the worker's labelImage and patchIoU, the code `lexvla eval patchdis` runs.
 */
import { useExplorerShallow } from '../../state';
import { COMPOSED_MASK } from '../../state/composerTypes';
import { WordsPanel } from '../cloud/WordsPanel';
import { HeatmapLegend } from '../heatmap/HeatmapLegend';
import { IoUTable } from '../patchdis/IoUTable';
import { LabelGrid } from '../patchdis/LabelGrid';
import { supports } from '../supports';

export function ComposerResults() {
  const { info, global, preview, shown, busy, pd } = useExplorerShallow((s) => ({
    info: s.model.info,
    global: s.image.global,
    preview: s.image.preview,
    shown: s.composer.shown,
    busy: s.composer.busy || s.composer.shown !== s.composer.revision,
    pd: s.patchdis,
  }));
  if (!info) return null;
  const lexical = supports('wordCloud', info);
  const r = shown !== null && pd.status === 'ready' && pd.result?.maskName === COMPOSED_MASK ? pd.result : null;
  const counted = r?.iou ? r.iou.perClass.filter((c) => c.iou !== null) : [];
  return (
    <div className="composer-results">
      <section className="panel" aria-labelledby="composer-model-title">
        <h2 id="composer-model-title">What {info.name} sees</h2>
        <p className="hint" role="status">
          {busy ? 'Encoding the scene…' : shown !== null ? 'Up to date: every change is encoded again.' : 'The scene is not the current image.'}
        </p>
        {lexical ? <HeatmapLegend /> : <p className="hint">{info.name} is a dense model: it has no words, so there are no clouds or heatmaps; PatchDis uses cosine similarity.</p>}
      </section>
      {lexical && (
        <WordsPanel
          title="Scene words"
          cloudLabel="Scene word cloud"
          subtitle={`The scene, max-pooled over all ${info.grid[0] * info.grid[1]} patches: click a word for its heatmap`}
          list={shown !== null ? global : null}
          empty="Encoding the scene…"
        />
      )}
      <section className="panel composer-patchdis" aria-labelledby="composer-patchdis-title" data-status={r ? 'ready' : pd.status}>
        <h2 id="composer-patchdis-title">PatchDis on this scene</h2>
        <p className="subtitle">
          Each patch takes the class it matches best among the model&apos;s {pd.classes.length} classes; the scene knows where every emoji is, so its ground truth is exact.
        </p>
        {pd.status === 'running' && (
          <p className="hint">
            Labelling patches…
            {pd.progress && pd.progress.done < pd.progress.total && ` ${pd.progress.done} / ${pd.progress.total} class names encoded (kept for later runs)`}
          </p>
        )}
        {pd.status === 'error' && (
          <p className="load-error" role="alert">
            {pd.error}
          </p>
        )}
        {r && r.iou && (
          <>
            <p className="composer-miou">
              mIoU{' '}
              <output aria-label="PatchDis mIoU" data-miou={r.iou.miou}>
                {Number.isNaN(r.iou.miou) ? '—' : r.iou.miou.toFixed(3)}
              </output>{' '}
              <span className="hint">over the {counted.length} {counted.length === 1 ? 'class' : 'classes'} in the scene or predicted</span>
            </p>
            <IoUTable classes={r.classes} iou={r.iou} label="Per-class IoU on the scene" countedOnly />
            <div className="patchdis-grids">
              {r.gt && <LabelGrid label="Ground truth (from the scene)" grid={info.grid} inputSize={info.inputSize} labels={r.gt} />}
              <LabelGrid label="Predicted patch labels" grid={info.grid} inputSize={info.inputSize} labels={r.labels} image={preview} />
            </div>
          </>
        )}
      </section>
    </div>
  );
}
