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
import { WordViews } from './WordViews';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>LexVLA Explorer</h1>
        <p className="tagline">What a vision-language model sees in an image, word by word and patch by patch.</p>
      </header>
      <Notices />
      <FatalError />
      <main className="layout">
        <div className="col-left">
          <ImageInput />
          <ImagePanel />
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
