/**
 * The images where one word fires most (thumbnails with the word's value), and, once one is
 * opened in the inspector, that image with the word's heatmap and its strongest patches.
 */
import type { WordHitMsg } from '../../retrieval/messages';
import { useExplorerShallow } from '../../state';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { GridOverlay } from '../image/GridOverlay';
import { PreviewCanvas } from '../image/PreviewCanvas';
import { useThumb } from '../retrieval/useThumb';
import { topPatches } from './topPatches';
import { SaveImageButtons } from '../export/SaveImageButtons';
import '../retrieval/retrieval.css';

function Hit({ hit, galleryKey, onOpen }: { hit: WordHitMsg; galleryKey: string; onOpen(): void }) {
  const url = useThumb(galleryKey, hit.item);
  const base = hit.name.split('/').pop();
  return (
    <li className="result-card" data-item={hit.itemId} data-value={hit.value}>
      <button type="button" className="result-open" onClick={onOpen} aria-label={`Open ${base} in the inspector`}>
        {url ? <img src={url} alt={hit.name} /> : <span className="thumb-placeholder" />}
      </button>
      <div className="result-meta">
        <div className="result-name" title={hit.name}>{base}</div>
        <span className="result-score">{hit.value.toFixed(4)}</span>
      </div>
    </li>
  );
}

export function WordImages() {
  const s = useExplorerShallow((st) => ({
    info: st.model.info,
    gallery: st.retrieval.gallery,
    word: st.vocab.word,
    opened: st.vocab.opened,
    preview: st.image.preview,
    imageName: st.image.name,
    heatmap: st.heatmap,
    open: st.openWordImage,
    setView: st.setView,
  }));
  const { info, gallery, word, opened, heatmap } = s;
  if (!info || !gallery || !word) return null;
  const galleryKey = `${gallery.key}|${gallery.name}|${gallery.createdAt}`;
  const showing = opened && opened.word === word.index && s.imageName === opened.name && s.preview && heatmap?.word === word.index ? heatmap : null;
  const top = showing ? topPatches(showing.values, info.grid, 5) : [];
  const [h, w] = info.inputSize;
  return (
    <div className="word-images">
      <p className="results-head">
        {word.hits.length === 0
          ? `“${word.text}” is active in no image of ${gallery.name}.`
          : `The ${word.hits.length} images where “${word.text}” is strongest (its value in each image vector):`}
      </p>
      <ol className="results-grid" aria-label={`Images where ${word.text} fires`}>
        {word.hits.map((hit) => (
          <Hit key={hit.item} hit={hit} galleryKey={galleryKey} onOpen={() => void s.open(hit.item, word.index)} />
        ))}
      </ol>
      {showing && s.preview && (
        <div className="word-opened" data-export-scope aria-label={`Where ${word.text} fires in ${opened!.name}`}>
          <div className="image-stage vocab-stage" style={{ aspectRatio: `${w} / ${h}` }}>
            <PreviewCanvas image={s.preview} />
            <GridOverlay grid={info.grid} hovered={null} pinned={null} region={null} drag={null} heatmap={<HeatmapCells grid={info.grid} values={showing.values} min={showing.min} max={showing.max} />} />
          </div>
          <div>
            <p className="hint">
              {opened!.name} is now the inspector's image. The patches where “{word.text}” scores highest:
            </p>
            <ol className="top-patches" aria-label="Strongest patches">
              {top.map((p) => (
                <li key={p.index} data-patch={p.index}>
                  row {p.row + 1}, column {p.col + 1} (#{p.index}): {p.value.toFixed(4)}
                </li>
              ))}
            </ol>
            <button type="button" onClick={() => s.setView('inspect')}>
              Go to the inspector
            </button>
            <SaveImageButtons label="word heatmap" selector=".word-opened .image-stage" fileName={`lexvla-where-${word.text}`} />
          </div>
        </div>
      )}
    </div>
  );
}
