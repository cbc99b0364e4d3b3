/**
 * The Compare view: the inspector's bundle (left) beside a second bundle in its
 * own worker (right, by default the CLIP default) on the same image, with one shared selection,
 * one text query, one PatchDis class list, one clicked word, and the two models' agreement.
 * A dense second bundle is read as words too: its nearest words in embedding space.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { activeTarget, useExplorer, useExplorerShallow } from '../../state';
import { mapTarget } from '../../state/compareSlice';
import { parseClassList } from '../../patchdis/classes';
import { CompareSide, type Overlay } from './CompareSide';
import { CompareSearch } from './CompareSearch';
import { AgreementLegend } from './AgreementOverlay';
import { CompareWordLegend } from './CompareWordLegend';
import './compare.css';

export function ComparePanel() {
  const s = useExplorerShallow((st) => ({
    info: st.model.info,
    image: st.image,
    words: st.words,
    selection: st.selection,
    compare: st.compare,
    openCompare: st.openCompare,
    setCompareQuery: st.setCompareQuery,
    setCompareClasses: st.setCompareClasses,
    prepareText: st.prepareCompareText,
    cw: st.compareWords,
    showWord: st.showCompareWord,
    clearWord: st.clearCompareWord,
    setAgreement: st.setAgreement,
  }));
  const phaseBusy = useExplorer((st) => st.compare.status === 'loading' || st.compare.image.status === 'encoding');
  const [url, setUrl] = useState(s.compare.url);
  const [query, setQuery] = useState(s.compare.query);
  const [classes, setClasses] = useState(s.compare.classes.join(', '));
  const [overlay, setOverlay] = useState<Overlay>('query');
  const { compare, openCompare } = s;
  useEffect(() => {
    // Opening the tab loads the default second bundle once; later loads are the user's.
    if (compare.status === 'idle') void openCompare();
  }, [compare.status, openCompare]);
  const right = compare.info;
  const agreement = s.cw.agreement;
  const leftGrid = s.info?.grid;
  // The agreement is computed on the inspector's grid; each right patch shows the left patch under its centre.
  const rightAgreement = useMemo(() => {
    if (!agreement.on || !agreement.values || !right || !leftGrid) return null;
    const [rows, cols] = right.grid;
    return Float32Array.from({ length: rows * cols }, (_, q) => {
      const t = mapTarget({ kind: 'patch', index: q }, right.grid, leftGrid);
      return t.kind === 'patch' ? agreement.values![t.index] : 0;
    });
  }, [agreement.on, agreement.values, right, leftGrid]);
  if (!s.info) return null;
  const target = activeTarget({ selection: s.selection });
  const rightTarget = right && target ? mapTarget(target, s.info.grid, right.grid) : null;
  const table = right?.kind === 'dense' ? s.cw.table : null;
  const rightHasWords = right !== null && (right.kind === 'lexical' || table?.status === 'ready');
  const word = s.cw.word;
  const onWord = (text: string) => {
    setOverlay('word');
    void s.showWord(text);
  };
  const onQuery = (e: FormEvent) => {
    e.preventDefault();
    setOverlay('query');
    void s.setCompareQuery(query);
  };
  const onClasses = (e: FormEvent) => {
    e.preventDefault();
    setOverlay('patchdis');
    void s.setCompareClasses(parseClassList(classes));
  };
  return (
    <section className="panel compare-panel" aria-label="Compare" aria-busy={phaseBusy} data-status={compare.status}>
      <h2>Compare two bundles</h2>
      <form
        className="compare-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void openCompare(url.trim() || undefined);
        }}
      >
        <label>
          Second bundle URL <input value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Second bundle URL" />
        </label>
        <button type="submit">Load</button>
        <span className="hint">{compare.status === 'loading' ? 'Loading…' : compare.error ?? ''}</span>
      </form>
      <div className="compare-controls">
        <form onSubmit={onQuery}>
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="a text query, e.g. a dog" aria-label="Compare query" onFocus={s.prepareText} />
          <button type="submit">Show relevance</button>
        </form>
        <form onSubmit={onClasses}>
          <input value={classes} onChange={(e) => setClasses(e.target.value)} placeholder="PatchDis classes, e.g. dog, cat" aria-label="Compare classes" onFocus={s.prepareText} />
          <button type="submit">PatchDis</button>
        </form>
        <label>
          Overlay{' '}
          <select value={overlay} onChange={(e) => setOverlay(e.target.value as Overlay)} aria-label="Compare overlay">
            <option value="query">query relevance</option>
            <option value="patchdis">PatchDis labels</option>
            <option value="word">clicked word</option>
          </select>
        </label>
        <label title="Per patch: how many of the two models' top-10 words are the same">
          <input type="checkbox" checked={agreement.on} disabled={!rightHasWords} onChange={(e) => void s.setAgreement(e.target.checked)} aria-label="Agreement overlay" /> Agreement of
          the top-10 words
        </label>
      </div>
      {agreement.on && right && (
        <div className="compare-agreement" data-status={agreement.status}>
          <AgreementLegend values={agreement.values} left={s.info.name} right={right.name} />
          {agreement.error && <p className="hint" role="status">{agreement.error}</p>}
        </div>
      )}
      {word && overlay === 'word' && right && (
        <CompareWordLegend word={word} left={s.info.name} right={right.name} rightDense={right.kind === 'dense'} onClear={s.clearWord} />
      )}
      {!s.image.preview && <p className="hint">Open an image in the inspector (or pick a sample) to compare.</p>}
      <div className="compare-grid">
        <CompareSide
          side="left"
          info={s.info}
          preview={s.image.preview}
          global={s.image.global}
          words={s.words.target ? s.words.list : null}
          target={target}
          results={compare.left}
          overlay={overlay}
          word={word?.left ?? null}
          agreement={agreement.on ? agreement.values : null}
          table={null}
          selectedWord={word?.text ?? null}
          onWord={onWord}
        />
        {right ? (
          <CompareSide
            side="right"
            info={right}
            preview={compare.image.preview}
            global={rightHasWords ? compare.image.global : null}
            words={compare.words.list}
            target={rightTarget}
            results={compare.right}
            overlay={overlay}
            word={word?.right ?? null}
            agreement={rightAgreement}
            table={table}
            selectedWord={word?.text ?? null}
            onWord={onWord}
          />
        ) : (
          <section className="panel compare-side">{compare.status === 'error' ? compare.error : 'Loading the second bundle…'}</section>
        )}
      </div>
      <CompareSearch />
    </section>
  );
}
