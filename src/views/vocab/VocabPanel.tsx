/**
 * The Vocabulary view (the paper's Fig. 6): over the open gallery, how much of the vocabulary the
 * images use, how many words each image activates, the most used words (chart and table),
 * and the word index. Lexical models only: a dense model has no words to count.
 */
import { useEffect } from 'react';
import { useExplorerShallow } from '../../state';
import { galleryId } from '../../state/vocabSlice';
import { GalleryPicker } from '../retrieval/GalleryPicker';
import { supports } from '../supports';
import { VocabChart } from './VocabChart';
import { SaveImageButtons } from '../export/SaveImageButtons';
import { WordIndex } from './WordIndex';
import './vocab.css';

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;

export function VocabPanel() {
  const s = useExplorerShallow((st) => ({ info: st.model.info, gallery: st.retrieval.gallery, vocab: st.vocab, load: st.loadVocabUsage }));
  const { info, gallery, vocab, load } = s;
  const gid = galleryId(gallery);
  useEffect(() => {
    if (info && supports('wordTable', info)) void load();
  }, [gid, info, load]);
  if (!info) return null;
  const u = vocab.gallery === gid ? vocab.usage : null;
  return (
    <section className="panel vocab-panel" aria-label="Vocabulary" data-status={vocab.gallery === gid ? vocab.status : 'idle'}>
      <h2>Vocabulary usage</h2>
      <p className="hint">
        Words active in most images say little about any one of them: this is what LexVLA's overuse penalty pushes down (the paper's Fig. 6).
      </p>
      {!supports('wordTable', info) ? (
        <p className="hint">{info.name} is a dense model: it has no vocabulary, so there is no word usage to show.</p>
      ) : (
        <>
          {!gallery && <p className="hint">Open a gallery (the bundle's own, or a folder indexed here) to count its words.</p>}
          <GalleryPicker />
          {vocab.status === 'loading' && <p className="hint">Counting words…</p>}
          {vocab.status === 'error' && <p className="hint" role="status">{vocab.error}</p>}
          {u && (
            <>
              <ul className="vocab-stats" aria-label="Vocabulary statistics">
                <li data-stat="coverage">
                  Coverage: <strong>{pct(u.coverage, 2)}</strong> ({u.distinct.toLocaleString()} of {u.vocabSize.toLocaleString()} words active somewhere)
                </li>
                <li data-stat="mean-active">
                  Mean active words per image: <strong>{u.meanActive.toFixed(1)}</strong>
                </li>
                <li data-stat="overused">
                  Over-used (active in more than {pct(u.minShare, 0)} of the {u.images} images): <strong>{u.overused.toLocaleString()}</strong> words
                </li>
              </ul>
              <h3>The {u.top.length} most used words</h3>
              <VocabChart words={u.top} minShare={u.minShare} images={u.images} />
              <SaveImageButtons label="vocabulary chart" selector="svg.vocab-chart" fileName="lexvla-vocabulary" />
              <details className="table-details">
                <summary>Table of the {u.top.length} most used words</summary>
                <table className="vocab-table" aria-label="Most used words">
                  <thead>
                    <tr><th>word</th><th>images</th><th>share</th><th>mean value</th><th>mass</th></tr>
                  </thead>
                  <tbody>
                    {u.top.map((w) => (
                      <tr key={w.index}>
                        <td>{w.word}</td><td>{w.df}</td><td>{pct(w.share, 0)}</td><td>{w.mean.toFixed(4)}</td><td>{w.mass.toFixed(3)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
              <WordIndex />
            </>
          )}
        </>
      )}
    </section>
  );
}
