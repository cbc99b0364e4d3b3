/**
 * The worker's side of words ahead of the pointer (src/state/wordsAheadSlice.ts): every patch's
 * list, or every region's of a drag, made in slices of a few milliseconds. Between slices the
 * worker reads its other messages, so a hover's own `words` request or a new image never waits
 * behind the whole batch; a new encode, another image or another rule abandons it (answer null),
 * and a newer region batch abandons a region batch. A region batch sends its nearest regions
 * first, before the rest is made: a drag's first steps select them.
 */
import type { SparsifySpec } from '../bundle/types';
import type { WordList } from '../lexical/word-list';
import type { Engine } from '../model/engine';
import { nextTask } from '../util/tasks';
import * as ww from './whole-words';

/** Work between two looks at the message queue. */
const SLICE_MS = 4;

/**
 * A region batch's first part: the regions whose far corner is at most this many rows from the
 * anchor (the sweep makes them first, src/lexical/region-sweep.ts). A drag's first steps select
 * them, and on a paper-sized model they are ready in a fifth of the batch's time.
 */
export const FIRST_PART_ROWS = 1;

export interface WordsAheadAsk {
  imageId: number;
  rule: SparsifySpec;
  anchor: number | null;
  topN: number;
  wholeWords?: boolean;
}

/**
 * Region batches asked of each engine so far. Only the latest stands: the page asks for a patch's
 * regions whenever the pointer rests on it, and a batch for a patch the pointer has left (256
 * regions of a paper-sized model: 100 ms and more of the worker) would hold up the next.
 */
const regionAsks = new WeakMap<Engine, number>();

/**
 * The lists `ask` names, by patch index, or null when the image, the rule or a new encode made them
 * void, or (regions) a newer region batch was asked for. `onFirstPart` hears a region batch's
 * first part (FIRST_PART_ROWS), as [patch index, list] pairs, once it is made.
 */
export async function wordsAhead(
  engine: Engine,
  ask: WordsAheadAsk,
  sliceMs = SLICE_MS,
  onFirstPart?: (part: Array<[number, WordList]>) => void,
): Promise<WordList[] | null> {
  const started = engine.encodesStarted;
  const region = ask.anchor === null ? null : (regionAsks.get(engine) ?? 0) + 1;
  if (region !== null) regionAsks.set(engine, region);
  const current = () => {
    const rule = engine.sparsifyRule;
    return (
      engine.encodesStarted === started &&
      engine.imageId === ask.imageId &&
      rule?.threshold === ask.rule.threshold &&
      rule.topK === ask.rule.topK &&
      (region === null || regionAsks.get(engine) === region)
    );
  };
  if (!current()) return null;
  const items = ask.wholeWords ? await ww.wholeWordsAhead(engine, current, ask.anchor, ask.topN) : engine.wordsAhead(ask.anchor, ask.topN);
  if (!items) return null;
  const lists: WordList[] = [];
  const part: Array<[number, WordList]> = [];
  const partSize = ask.anchor === null ? 0 : firstPartSize(engine, ask.anchor);
  let sliceEnd = performance.now() + sliceMs;
  for (const [p, list] of items) {
    lists[p] = list;
    if (part.length < partSize) {
      part.push([p, list]);
      if (part.length === partSize) onFirstPart?.(part);
    }
    if (performance.now() < sliceEnd) continue;
    await nextTask();
    if (!current()) return null;
    sliceEnd = performance.now() + sliceMs;
  }
  return lists;
}

/**
 * How many regions of an anchor's batch are in its first part: counted, so it relies on the sweep
 * giving every region within FIRST_PART_ROWS of the anchor before any other (region-sweep.ts;
 * words-ahead.test.ts checks the part's patches).
 */
function firstPartSize(engine: Engine, anchor: number): number {
  const image = engine.encoded;
  if (image?.kind !== 'lexical') return 0;
  const [rows, cols] = image.scores.grid;
  const row = Math.floor(anchor / cols);
  return cols * (Math.min(rows - 1, row + FIRST_PART_ROWS) - Math.max(0, row - FIRST_PART_ROWS) + 1);
}
