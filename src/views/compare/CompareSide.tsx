/**
 * One side of the Compare view: the image with the shared selection, an overlay (the query
 * heatmap, the PatchDis labels, the clicked word's heatmap, or the two models' agreement), and
 * the global and selection word clouds: a lexical bundle's activations, a dense bundle's nearest
 * words in embedding space (./SideWords.tsx). Hover and clicks go to the one shared selection,
 * so both sides always outline the same patch.
 */
import type { WordList } from '../../lexical/word-list';
import type { ImageRGBA } from '../../model/encode';
import type { ModelInfo } from '../../model/info';
import type { PatchTarget, WordHeatmap } from '../../model/word-views';
import type { CompareSideResults, CompareWordsState } from '../../state/compareTypes';
import { HeatmapCells } from '../heatmap/HeatmapCells';
import { GridOverlay } from '../image/GridOverlay';
import { PreviewCanvas } from '../image/PreviewCanvas';
import { usePatchPointer } from '../image/usePatchPointer';
import { classColor } from '../patchdis/labelColors';
import { supports } from '../supports';
import { SaveImageButtons } from '../export/SaveImageButtons';
import { AgreementCells } from './AgreementOverlay';
import { SideWords } from './SideWords';

export type Overlay = 'query' | 'patchdis' | 'word';

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
  /** This side's heatmap of the clicked word (overlay 'word'). */
  word: WordHeatmap | null;
  /** The agreement overlay, when switched on: this side's patches, float32 [patches] in [0, 1]. */
  agreement: Float32Array | null;
  /** A dense side's word table (null on a lexical side). */
  table: CompareWordsState['table'] | null;
  selectedWord: string | null;
  onWord(text: string): void;
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

export function CompareSide({ side, info, preview, global, words, target, results, overlay, word, agreement, table, selectedWord, onWord }: Props) {
  const { handlers, drag } = usePatchPointer(info.grid);
  const [rows, cols] = info.grid;
  const [h, w] = info.inputSize;
  const q = results.query;
  const pd = results.patchdis;
  const lexical = supports('wordCloud', info);
  const nearest = info.kind === 'dense' && table?.status === 'ready';
  const layer =
    agreement && agreement.length === rows * cols ? (
      <AgreementCells cols={cols} values={agreement} />
    ) : overlay === 'word' && word && word.values.length === rows * cols ? (
      <HeatmapCells grid={info.grid} values={word.values} min={word.min} max={word.max} />
    ) : overlay === 'query' && q && q.relevance.length === rows * cols ? (
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
          {lexical ? `${(global?.activeCount ?? 0).toLocaleString()} active words` : nearest ? 'nearest words · embedding space' : 'dense: no words'}
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
      <SideWords side={side} info={info} global={global} words={words} target={target} table={table} selectedWord={selectedWord} onWord={onWord} />
    </section>
  );
}
