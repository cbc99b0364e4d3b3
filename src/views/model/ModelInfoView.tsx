/** What the loaded model is, what runs it, and what it was trained on. */
import type { ModelInfo } from '../../model/info';
import { formatMB } from './format';
import { VisionGraphView } from './VisionGraphView';

export function ModelInfoView({ info }: { info: ModelInfo }) {
  const p = info.provenance;
  return (
    <div className="model-info">
      <p className="model-name">
        <strong data-testid="model-name">{info.name}</strong> <span className="badge">{info.kind}</span>
        {info.fromCache && <span className="badge">from cache</span>}
      </p>
      {info.cacheNote && <p className="cache-note" data-testid="cache-note">{info.cacheNote}</p>}
      <p>{info.description}</p>
      <p className="trained-on">
        <strong>Trained on:</strong> {p.data}
      </p>
      {/* Shown, not folded away: notes are where a bundle says what its words can't be trusted for. */}
      {p.notes && <p className="model-notes" data-testid="model-notes">{p.notes}</p>}
      <dl className="stats">
        <dt>Vocabulary</dt>
        <dd>{info.vocabSize !== null ? `${info.vocabSize.toLocaleString()} words` : `none (dense, ${info.embeddingDim ?? '?'}-d)`}</dd>
        <dt>Input / grid</dt>
        <dd>
          {info.inputSize[1]}×{info.inputSize[0]} px, {info.grid[0]}×{info.grid[1]} patches
        </dd>
        <dt>Backend</dt>
        <dd>
          <span data-testid="backend">{info.backend}</span> — {info.backendReason}
        </dd>
        <dt>Runtime</dt>
        <dd data-testid="runtime">{info.runtime}</dd>
        <VisionGraphView vision={info.vision} />
        <dt>Bundle size</dt>
        <dd>{formatMB(info.bundleBytes)}</dd>
      </dl>
      <details>
        <summary>Provenance</summary>
        <dl className="stats">
          <dt>Trained by</dt>
          <dd>{p.trainedBy}</dd>
          <dt>Command</dt>
          <dd>
            <code>{p.command}</code>
          </dd>
          <dt>Commit</dt>
          <dd>
            <code>{p.commit}</code>
          </dd>
          <dt>Date</dt>
          <dd>{p.date}</dd>
          {p.metrics &&
            Object.entries(p.metrics).map(([k, v]) => (
              <div key={k} className="stat-row">
                <dt>{k}</dt>
                <dd>{Number.isInteger(v) ? v : v.toFixed(4)}</dd>
              </div>
            ))}
        </dl>
      </details>
    </div>
  );
}
