/**
 * The "whole words" switch beside the sparsity rule: off, the views show the model's own
 * Llama-2 pieces; on, a word of the bundle's class names and captions where all its pieces are
 * active in the same vector (docs/vocabulary.md, "Word pieces read as words").
 */
import { useExplorerShallow } from '../../state';
import { isWholeWordList } from '../../lexical/whole-word-list';

export function WholeWordsSwitch() {
  const { on, setWholeWords, global } = useExplorerShallow((s) => ({
    on: s.wholeWords,
    setWholeWords: s.setWholeWords,
    global: s.image.global,
  }));
  const known = on && isWholeWordList(global) ? global.known : null;
  return (
    <div className="field whole-words-field">
      <label title="A word of the bundle's class names and captions is shown where every one of its pieces is active in the same vector; its value is the smallest piece value, and the pieces it absorbs are not shown">
        <input type="checkbox" checked={on} onChange={(e) => void setWholeWords(e.currentTarget.checked)} />
        Read word pieces as words
      </label>
      {known !== null && <span className="hint" data-testid="whole-words-known">{known.toLocaleString()} whole words known to this bundle</span>}
    </div>
  );
}
