/** Where the last encode spent its time, stage by stage (measured in the worker). */
import { useExplorer } from '../../state';

const STAGES = [
  ['read', 'Read file'],
  ['decode', 'Decode'],
  ['preprocess', 'Preprocess'],
  ['inference', 'Inference'],
  ['postprocess', 'Postprocess'],
] as const;

export function TimingsPanel() {
  const timings = useExplorer((s) => s.image.timings);
  const backend = useExplorer((s) => s.model.info?.backend);
  if (!timings) return null;
  const total = STAGES.reduce((t, [k]) => t + timings[k], 0);
  return (
    <section className="panel timings-panel" aria-labelledby="timings-title">
      <h2 id="timings-title">Timings</h2>
      <dl className="stats">
        {STAGES.map(([k, label]) => (
          <div key={k} className="stat-row">
            <dt>{label}</dt>
            <dd>{timings[k].toFixed(1)} ms</dd>
          </div>
        ))}
        <div className="stat-row total">
          <dt>Total{backend ? ` (${backend})` : ''}</dt>
          <dd>{total.toFixed(1)} ms</dd>
        </div>
      </dl>
    </section>
  );
}
