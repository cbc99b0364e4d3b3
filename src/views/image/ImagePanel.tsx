/**
 * The model's input crop with its patch grid: hover / click / drag to choose patches,
 * the heatmap drawn over it, and the drop target for new images.
 */
import { useExplorerShallow } from '../../state';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { HeatmapLegend } from '../heatmap/HeatmapLegend';
import { DropZone } from '../input/DropZone';
import { supports } from '../supports';
import { GridOverlay } from './GridOverlay';
import { PreviewCanvas } from './PreviewCanvas';
import { selectionLabel } from './selectionLabel';
import { usePatchPointer } from './usePatchPointer';

export function ImagePanel() {
  const { info, preview, incoming, selection, heatmap, encoding } = useExplorerShallow((s) => ({
    info: s.model.info,
    preview: s.image.preview,
    // The image being encoded, shown while the model runs; the heatmap waits for its words.
    incoming: s.image.status === 'encoding' ? (s.image.incoming ?? null) : null,
    selection: s.selection,
    heatmap: s.heatmap,
    encoding: s.image.status === 'encoding',
  }));
  const grid = info?.grid ?? [1, 1];
  const { handlers, drag } = usePatchPointer(grid);
  if (!info) return null;
  const [h, w] = info.inputSize;
  const shown = incoming ?? preview;
  const showHeatmap = !incoming && heatmap && supports('heatmap', info) && heatmap.values.length === grid[0] * grid[1];
  return (
    <section className="panel image-panel" aria-labelledby="image-title">
      <h2 id="image-title">Image</h2>
      <DropZone>
        <div className="image-stage" style={{ aspectRatio: `${w} / ${h}` }} aria-busy={encoding}>
          {shown ? (
            <>
              <PreviewCanvas image={shown} />
              <div
                className="grid-hit"
                role="application"
                tabIndex={0}
                aria-label={`Patch grid, ${grid[0]} by ${grid[1]}: hover or use arrow keys to pick a patch, click to pin, drag to select a region`}
                {...handlers}
              >
                <GridOverlay
                  grid={grid}
                  {...selection}
                  drag={drag}
                  heatmap={showHeatmap ? <HeatmapCells grid={grid} {...heatmap} /> : null}
                />
              </div>
            </>
          ) : (
            <div className="image-empty">Drop, paste or upload an image, or pick a sample.</div>
          )}
          {encoding && <div className="image-busy">Encoding…</div>}
        </div>
      </DropZone>
      <p className="selection-label" aria-live="polite">
        {preview ? selectionLabel(selection, grid) : ''}
      </p>
      {supports('heatmap', info) && preview && <HeatmapLegend />}
    </section>
  );
}
