/**
 * The "whole words" switch: show a word where all its Llama-2 pieces are active in one vector
 * (src/lexical/whole-words.ts has the rule). Off by default: the model's representation is the
 * pieces. Every request for a word list carries the switch (`wholeWordsFlag`), and the worker
 * answers with a WholeWordList when it is on.
 */
import { isWholeWordList } from '../lexical/whole-word-list';
import type { ExplorerState, GetState, SetState } from './types';
import type { WholeWordsSlice } from './wholeWordsTypes';

/** What a words request adds: nothing while the switch is off, so those requests stay as they were. */
export function wholeWordsFlag(s: Pick<ExplorerState, 'wholeWords'>): { wholeWords?: true } {
  return s.wholeWords ? { wholeWords: true } : {};
}

export function createWholeWordsSlice(set: SetState, get: GetState): WholeWordsSlice {
  return {
    wholeWords: false,

    async setWholeWords(on) {
      if (get().wholeWords === on) return;
      set({ wholeWords: on });
      const { sparsity, model } = get();
      // The sparsity request re-ranks the image's words and then the selection's, as a new rule does.
      if (sparsity && model.info?.kind === 'lexical') await get().setSparsity(sparsity);
    },
  };
}

/**
 * A list that arrives made under the other setting (an encode or a crash replay that was asked
 * for before a toggle, answered after it) is asked for again, so the views never mix the two.
 */
export function watchWholeWords(s: ExplorerState, prev: ExplorerState): void {
  if (s.model.info?.kind !== 'lexical') return;
  const stale = (list: ExplorerState['image']['global']) => list !== null && isWholeWordList(list) !== s.wholeWords;
  if (s.image.global !== prev.image.global && stale(s.image.global) && s.sparsity) void s.setSparsity(s.sparsity);
  else if (s.words.list !== prev.words.list && stale(s.words.list)) void s.refreshWords();
}
