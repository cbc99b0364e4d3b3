/** The page: notices on top, the image on the left, its words on the right, controls below. */
import { ImagePanel } from '../views/image/ImagePanel';
import { ImageInput } from '../views/input/ImageInput';
import { ModelPanel } from '../views/model/ModelPanel';
import { Notices } from '../views/notices/Notices';
import { RetrievalPanel } from '../views/retrieval/RetrievalPanel';
import { PatchDisPanel } from '../views/patchdis/PatchDisPanel';
import { QueryPanel } from '../views/query/QueryPanel';
import { SparsityPanel } from '../views/sparsity/SparsityPanel';
import { TimingsPanel } from '../views/timings/TimingsPanel';
import { FatalError } from './FatalError';
import { useExplorer } from '../state';
import { ComparePanel } from '../views/compare/ComparePanel';
import { SweepPanel } from '../views/sweep/SweepPanel';
import { ViewTabs } from '../views/tabs/ViewTabs';
import { WordViews } from './WordViews';
import { VocabPanel } from '../views/vocab/VocabPanel';
import { supports } from '../views/supports';
import { ImageSaveBar } from '../views/export/ImageSaveBar';
import { ComposerPanel } from '../views/composer/ComposerPanel';
import type { ViewTab } from '../state/viewTypes';

export function App() {
  const chosen = useExplorer((s) => s.view);
  // Vocabulary usage needs words: the tab shows for lexical models only.
  const lexical = useExplorer((s) => supports('wordTable', s.model.info));
  // The composer, for models trained on EmojiScenes only; chosen for another model, the inspector shows.
  const composer = useExplorer((s) => supports('composer', s.model.info));
  const view = chosen === 'compose' && !composer ? 'inspect' : chosen;
  const tabs: ViewTab[] = ['inspect', ...(composer ? (['compose'] as const) : []), 'compare', 'sweep', ...(lexical ? (['vocab'] as const) : [])];
  return (
    <div className="app">
      <header className="app-header">
        <h1>LexVLA Explorer</h1>
        <p className="tagline">What a vision-language model sees in an image, word by word and patch by patch.</p>
      </header>
      <Notices />
      <FatalError />
      <ViewTabs tabs={tabs} />
      {view === 'compose' && <ComposerPanel />}
      {view === 'compare' && <ComparePanel />}
      {view === 'sweep' && <SweepPanel />}
      {view === 'vocab' && <VocabPanel />}
      <main className="layout" style={view === 'inspect' ? undefined : { display: 'none' }}>
        <div className="col-left">
          <ImageInput />
          <div className="export-scope" data-export-scope>
            <ImagePanel />
            <ImageSaveBar />
          </div>
          <TimingsPanel />
        </div>
        <div className="col-right">
          <WordViews />
          <QueryPanel />
          <PatchDisPanel />
        </div>
        <div className="col-bottom">
          <SparsityPanel />
          <RetrievalPanel />
          <ModelPanel />
        </div>
      </main>
    </div>
  );
}
