/**
 * One side of the Compare view: the image with the shared selection, the query heatmap or the
 * PatchDis labels over it, and (lexical bundles only) the global and selection word clouds.
 * Hover and clicks go to the one shared selection, so both sides always outline the same patch.
 */
import type { WordList } from '../../lexical/word-list';
import type { ImageRGBA } from '../../model/encode';
import type { ModelInfo } from '../../model/info';
import type { PatchTarget } from '../../model/word-views';
import type { CompareSideResults } from '../../state/compareTypes';
import { WordCloud } from '../cloud/WordCloud';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { GridOverlay } from '../image/GridOverlay';
import { PreviewCanvas } from '../image/PreviewCanvas';
import { usePatchPointer } from '../image/usePatchPointer';
import { classColor } from '../patchdis/labelColors';
import { supports } from '../supports';
import { SaveImageButtons } from '../export/SaveImageButtons';

export type Overlay = 'query' | 'patchdis';

interface Props {
  side: 'left' | 'right';
  info: ModelInfo;
  preview: ImageRGBA | null;
  global: WordList | null;
  words: WordList | null;
  /** The shared selection, on this side's grid. */
  target: PatchTarget | null;
  results: CompareSideResults;
  overlay: Overlay;
}

/** "patch:37", "region:0,0,2,3" or "" — what e2e tests read to check both sides agree. */
function targetAttr(t: PatchTarget | null): string {
  if (!t || t.kind === 'global') return '';
  return t.kind === 'patch' ? `patch:${t.index}` : `region:${t.r0},${t.c0},${t.r1},${t.c1}`;
}

function selectionOf(t: PatchTarget | null) {
  if (!t || t.kind === 'global') return { hovered: null, pinned: null, region: null };
  if (t.kind === 'patch') return { hovered: t.index, pinned: null, region: null };
  return { hovered: null, pinned: null, region: { r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 } };
}

export function CompareSide({ side, info, preview, global, words, target, results, overlay }: Props) {
  const { handlers, drag } = usePatchPointer(info.grid);
  const [rows, cols] = info.grid;
  const [h, w] = info.inputSize;
  const q = results.query;
  const pd = results.patchdis;
  const lexical = supports('wordCloud', info);
  const layer =
    overlay === 'query' && q && q.relevance.length === rows * cols ? (
      <HeatmapCells grid={info.grid} values={q.relevance} min={q.min} max={q.max} />
    ) : overlay === 'patchdis' && pd && pd.labels.length === rows * cols ? (
      <g className="label-cells">
        {Array.from(pd.labels, (l, p) => (l < 0 ? null : <rect key={p} className="label-cell" data-label={l} x={p % cols} y={Math.floor(p / cols)} width={1} height={1} fill={classColor(l)} />))}
      </g>
    ) : null;
  return (
    <section className="panel compare-side" aria-label={`${side === 'left' ? 'Left' : 'Right'}: ${info.name}`} data-side={side} data-kind={info.kind} data-target={targetAttr(target)}>
      <header className="panel-head">
        <h3>{info.name}</h3>
        <span className="badge" data-testid={`${side}-active`}>
          {lexical ? `${(global?.activeCount ?? 0).toLocaleString()} active words` : 'dense: no words'}
        </span>
      </header>
      <div className="image-stage" style={{ aspectRatio: `${w} / ${h}` }}>
        {preview ? (
          <>
            <PreviewCanvas image={preview} />
            <div className="grid-hit" role="application" tabIndex={0} aria-label={`${side} patch grid, ${rows} by ${cols}`} {...handlers}>
              <GridOverlay grid={info.grid} {...selectionOf(target)} drag={drag} heatmap={layer} />
            </div>
          </>
        ) : (
          <div className="image-empty">Encoding…</div>
        )}
      </div>
      {preview && <SaveImageButtons label={`${side} image with overlay`} selector=".image-stage" fileName={`lexvla-compare-${side}-${info.name}`} />}
      {overlay === 'query' && q && <p className="hint">Relevance of “{q.text}”: {q.min.toFixed(3)} … {q.max.toFixed(3)}</p>}
      {overlay === 'patchdis' && pd && (
        <ul className="compare-legend">
          {pd.classes.map((c, i) => (
            <li key={c}>
              <span className="swatch" style={{ background: classColor(i) }} /> {c}: {Array.from(pd.labels).filter((l) => l === i).length} patches
            </li>
          ))}
        </ul>
      )}
      {lexical ? (
        <div className="compare-clouds">
          {global && <WordCloud label={`${side} global word cloud`} list={global} selectedWord={null} onWord={() => undefined} />}
          {words && <WordCloud label={`${side} patch word cloud`} list={words} selectedWord={null} onWord={() => undefined} />}
          {global && <SaveImageButtons label={`${side} global word cloud`} selector={`svg[aria-label="${side} global word cloud"]`} fileName={`lexvla-compare-${side}-global-cloud`} />}
        </div>
      ) : (
        <p className="hint">{info.name} is dense: it has no vocabulary, so this side shows the relevance heatmap and PatchDis only.</p>
      )}
    </section>
  );
}
