/** The searchable word index: type a word, pick one of the matching vocabulary words, see where it fires. */
import { useExplorerShallow } from '../../state';
import { WordImages } from './WordImages';

export function WordIndex() {
  const s = useExplorerShallow((st) => ({ vocab: st.vocab, find: st.findVocabWords, show: st.showWordImages }));
  const { vocab } = s;
  return (
    <div className="word-index">
      <h3>Word index</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (vocab.found[0]) void s.show(vocab.found[0].index);
        }}
      >
        <input type="search" aria-label="Find a word" placeholder="Type a word, e.g. dog" value={vocab.typed} onChange={(e) => void s.find(e.currentTarget.value)} />
        <button type="submit" disabled={vocab.found.length === 0}>
          Show images
        </button>
      </form>
      {vocab.typed.trim() !== '' && vocab.found.length === 0 && <p className="hint">No vocabulary word contains “{vocab.typed.trim()}”.</p>}
      {vocab.found.length > 0 && (
        <ul className="found-words" aria-label="Matching words">
          {vocab.found.map((w) => (
            <li key={w.index}>
              <button type="button" className={vocab.word?.index === w.index ? 'word-chip selected' : 'word-chip'} data-word={w.word} data-df={w.df} onClick={() => void s.show(w.index)}>
                {w.word} <span className="muted">{w.df === 0 ? 'unused' : `${w.df} img · ${w.mean.toFixed(3)}`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <WordImages />
    </div>
  );
}
