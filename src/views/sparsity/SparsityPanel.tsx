/**
 * The sparsity rule, live: keep entries above a threshold (default 1/sqrt(V), from the bundle)
 * and optionally only the top k. Every change re-ranks the image and the current selection.
 */
import { useExplorerShallow } from '../../state';
import { supports } from '../supports';
import { WholeWordsSwitch } from './WholeWordsSwitch';

export function SparsityPanel() {
  const { info, spec, setSparsity, globalActive, patchActive } = useExplorerShallow((s) => ({
    info: s.model.info,
    spec: s.sparsity,
    setSparsity: s.setSparsity,
    globalActive: s.image.global?.activeCount ?? null,
    patchActive: s.words.list?.activeCount ?? null,
  }));
  if (!supports('sparsity', info) || !info?.sparsify || !spec) return null;
  const defaults = info.sparsify;
  const V = info.vocabSize ?? 0;
  // The slider spans 0 to 10x the default: far enough to see sparsity bite, fine enough to aim.
  const maxThreshold = Math.max(defaults.threshold * 10, spec.threshold);
  const setThreshold = (t: number) => Number.isFinite(t) && t >= 0 && void setSparsity({ ...spec, threshold: t });
  const setTopK = (k: number | null) => void setSparsity({ ...spec, topK: k });
  return (
    <section className="panel sparsity-panel" aria-labelledby="sparsity-title">
      <h2 id="sparsity-title">Sparsity</h2>
      <div className="field">
        <label htmlFor="threshold">Threshold</label>
        <input
          type="range"
          aria-label="Threshold slider"
          min={0}
          max={maxThreshold}
          step={maxThreshold / 500}
          value={spec.threshold}
          onChange={(e) => setThreshold(Number(e.currentTarget.value))}
        />
        <input
          id="threshold"
          type="number"
          min={0}
          step={defaults.threshold / 10}
          value={Number(spec.threshold.toPrecision(4))}
          onChange={(e) => setThreshold(Number(e.currentTarget.value))}
        />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={spec.topK !== null} onChange={(e) => setTopK(e.currentTarget.checked ? (defaults.topK ?? 512) : null)} />
          Keep only the top
        </label>
        <input
          type="number"
          aria-label="Top-k"
          min={1}
          max={V || undefined}
          disabled={spec.topK === null}
          value={spec.topK ?? defaults.topK ?? 512}
          onChange={(e) => {
            const k = Math.round(Number(e.currentTarget.value));
            if (k >= 1) setTopK(k);
          }}
        />
        <span>words</span>
      </div>
      <WholeWordsSwitch />
      <button type="button" onClick={() => void setSparsity(defaults)} disabled={JSON.stringify(spec) === JSON.stringify(defaults)}>
        Reset to the bundle's rule
      </button>
      <dl className="stats">
        <dt>Active words, image</dt>
        <dd data-testid="active-global">{globalActive ?? '—'}</dd>
        <dt>Active words, selection</dt>
        <dd data-testid="active-selection">{patchActive ?? '—'}</dd>
        {V > 0 && globalActive !== null && (
          <>
            <dt>Image sparsity</dt>
            <dd>{(100 * (1 - globalActive / V)).toFixed(2)}% of {V.toLocaleString()}</dd>
          </>
        )}
      </dl>
      <p className="hint">Default threshold 1/√V = {defaults.threshold.toPrecision(4)}.</p>
    </section>
  );
}
