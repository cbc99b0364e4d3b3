/** The tab bar: the inspector stays uncluttered; the analysis views live behind their own tabs. */
import { useExplorer } from '../../state';
import type { ViewTab } from '../../state/viewTypes';

const LABELS: Record<ViewTab, string> = { inspect: 'Inspector', compose: 'Composer', compare: 'Compare', sweep: 'Sparsity sweep', vocab: 'Vocabulary' };

export function ViewTabs({ tabs }: { tabs: ViewTab[] }) {
  const view = useExplorer((s) => s.view);
  const setView = useExplorer((s) => s.setView);
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {tabs.map((t) => (
        <button key={t} type="button" role="tab" aria-selected={view === t} className={view === t ? 'tab active' : 'tab'} onClick={() => setView(t)}>
          {LABELS[t]}
        </button>
      ))}
    </nav>
  );
}
