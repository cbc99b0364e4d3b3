/** The global and the patch/region word panels, or a note when the model has no vocabulary. */
import { useExplorerShallow } from '../state';
import { selectionLabel } from '../views/image/selectionLabel';
import { WordsPanel } from '../views/cloud/WordsPanel';
import { CLOUD_LAYOUT } from '../views/cloud/WordCloud';
import { useWordsAhead } from '../views/cloud/wordsAhead';
import { supports } from '../views/supports';
import { SaveImageButtons } from '../views/export/SaveImageButtons';

export function WordViews() {
  const { info, image, words, selection } = useExplorerShallow((s) => ({
    info: s.model.info,
    image: s.image,
    words: s.words,
    selection: s.selection,
  }));
  useWordsAhead(CLOUD_LAYOUT);
  if (!info) return null;
  if (!supports('wordCloud', info)) {
    return (
      <section className="panel">
        <h2>Words</h2>
        <p className="hint">
          {info.name} is a dense model: it has no vocabulary, so the word clouds, tables and heatmaps are hidden.
        </p>
      </section>
    );
  }
  const [rows, cols] = info.grid;
  return (
    <>
      {/* Save buttons wrap the panels from outside: src/views/cloud is not touched. */}
      <div className="export-scope" data-export-scope>
        <WordsPanel
          title="Global words"
          cloudLabel="Global word cloud"
          subtitle={image.name ? `${image.name}: max-pooled over all ${rows * cols} patches` : 'The whole image'}
          list={image.global}
          empty="No image yet."
        />
        {image.global && image.global.words.length > 0 && <SaveImageButtons label="global word cloud" selector='svg[aria-label="Global word cloud"]' fileName="lexvla-global-word-cloud" />}
      </div>
      <div className="export-scope" data-export-scope>
        <WordsPanel
          title="Patch words"
          cloudLabel="Patch word cloud"
          subtitle={words.target ? selectionLabel(selection, info.grid) : 'A patch or a region of the image'}
          list={words.target ? words.list : null}
          busy={words.loading}
          empty={image.preview ? 'Hover a patch, click to pin it, or drag across patches.' : 'No image yet.'}
        />
        {words.target && words.list && words.list.words.length > 0 && <SaveImageButtons label="patch word cloud" selector='svg[aria-label="Patch word cloud"]' fileName="lexvla-patch-word-cloud" />}
      </div>
    </>
  );
}
