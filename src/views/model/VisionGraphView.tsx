/**
 * Which vision graph runs (the exact one or a faster variant, docs/bundle-format.md "Variants"),
 * why, and, when the bundle offers more than one, the choice: switching loads the bundle again.
 */
import { AUTO_VARIANT, EXACT_VARIANT } from '../../bundle/vision-graphs';
import type { ModelInfo } from '../../model/info';
import { useExplorerShallow } from '../../state';

export function VisionGraphView({ vision }: { vision: ModelInfo['vision'] }) {
  const { choice, setChoice, loading } = useExplorerShallow((s) => ({
    choice: s.model.variantChoice,
    setChoice: s.setVariantChoice,
    loading: s.model.status === 'loading',
  }));
  const exact = vision.name === EXACT_VARIANT;
  return (
    <>
      <dt>Vision graph</dt>
      <dd>
        <span data-testid="vision-graph">{vision.name}</span> ({vision.file}, {vision.weights} weights
        {exact ? '' : ', approximates the exact graph'}) — {vision.reason}
        {vision.note && <span className="hint"> {vision.note}</span>}
        {vision.offered.length > 1 && (
          <label className="row">
            Run{' '}
            <select aria-label="Vision graph" value={choice} disabled={loading} onChange={(e) => void setChoice(e.currentTarget.value)}>
              <option value={AUTO_VARIANT}>auto</option>
              {vision.offered.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
      </dd>
    </>
  );
}
