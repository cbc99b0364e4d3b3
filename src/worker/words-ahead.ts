/**
 * The worker's side of words ahead of the pointer (src/state/wordsAheadSlice.ts): every patch's
 * list, or every region's of a drag, made in slices of a few milliseconds. Between slices the
 * worker reads its other messages, so a hover's own `words` request or a new image never waits
 * behind the whole batch; a new encode, another image or another rule abandons it (answer null).
 */
import type { SparsifySpec } from '../bundle/types';
import type { WordList } from '../lexical/word-list';
import type { Engine } from '../model/engine';
import { nextTask } from '../util/tasks';
import * as ww from './whole-words';

/** Work between two looks at the message queue. */
const SLICE_MS = 4;

export interface WordsAheadAsk {
  imageId: number;
  rule: SparsifySpec;
  anchor: number | null;
  topN: number;
  wholeWords?: boolean;
}

/** The lists `ask` names, by patch index, or null when the image, the rule or a new encode made them void. */
export async function wordsAhead(engine: Engine, ask: WordsAheadAsk, sliceMs = SLICE_MS): Promise<WordList[] | null> {
  const started = engine.encodesStarted;
  const current = () => {
    const rule = engine.sparsifyRule;
    return engine.encodesStarted === started && engine.imageId === ask.imageId && rule?.threshold === ask.rule.threshold && rule.topK === ask.rule.topK;
  };
  if (!current()) return null;
  const items = ask.wholeWords ? await ww.wholeWordsAhead(engine, current, ask.anchor, ask.topN) : engine.wordsAhead(ask.anchor, ask.topN);
  if (!items) return null;
  const lists: WordList[] = [];
  let sliceEnd = performance.now() + sliceMs;
  for (const [p, list] of items) {
    lists[p] = list;
    if (performance.now() < sliceEnd) continue;
    await nextTask();
    if (!current()) return null;
    sliceEnd = performance.now() + sliceMs;
  }
  return lists;
}
