/** The model panel: the loaded model's card, loading another bundle, and the cache. */
import { useExplorer } from '../../state';
import { BundleLoader } from './BundleLoader';
import { CacheList } from './CacheList';
import { ModelInfoView } from './ModelInfoView';

export function ModelPanel() {
  const info = useExplorer((s) => s.model.info);
  const failed = useExplorer((s) => s.model.error !== null);
  return (
    <section className="panel model-panel" aria-labelledby="model-title">
      <h2 id="model-title">Model</h2>
      {info ? <ModelInfoView info={info} /> : <p>{failed ? 'No model is loaded.' : 'Loading…'}</p>}
      <BundleLoader />
      <CacheList />
    </section>
  );
}
