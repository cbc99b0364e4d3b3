/**
 * Words and clouds ahead of the pointer, seen from the views: with the image's own cloud, ask
 * for every patch's words (src/state/wordsAheadSlice.ts), then lay their clouds out
 * in idle time, and those of every region of a drag. A hover then finds its words in the store
 * and its layout in the cache, and its frame holds only React and the browser's own work.
 */
import { useEffect, useLayoutEffect } from 'react';
import { useExplorer } from '../../state';
import { afterNextPaint } from '../../util/frames';
import { cachedLayoutNow, type LayoutOptions } from './layout';
import { toCloudWords } from './useCloudLayout';
import type { WordList } from '../../lexical/word-list';

interface Deadline {
  timeRemaining(): number;
}

/** Leaves this much of an idle period unused: a frame may be due right after it. */
const MARGIN_MS = 2;
/**
 * At most this much work per idle callback: with no frame due, an idle period lasts up to 50 ms,
 * and a pointer event that arrives meanwhile waits for the callback to return.
 */
const BUDGET_MS = 4;

type InputPending = (options?: { includeContinuous?: boolean }) => boolean;
/**
 * Chromium's: whether an input event is waiting (absent elsewhere), pointer moves included: by
 * default isInputPending leaves out "continuous" events, which hovers and drag steps all are.
 */
const inputPending = (): boolean =>
  (globalThis.navigator as { scheduling?: { isInputPending?: InputPending } } | undefined)?.scheduling?.isInputPending?.({ includeContinuous: true }) ?? false;

/**
 * Lays `lists` out in idle periods, one at a time; returns a cancel. Each list becomes the
 * cloud's words only when its turn comes: 512 lists of 40 words made into 20,000 objects at once
 * took 1-2 ms of the task that stored a drag's regions.
 */
export function layoutInIdle(lists: readonly WordList[], opts: LayoutOptions): () => void {
  // requestIdleCallback is missing in Node (tests) and older Safari: a short timer stands in.
  const idle = globalThis.requestIdleCallback ?? ((cb: (d: Deadline) => void) => setTimeout(() => cb({ timeRemaining: () => 8 }), 1) as unknown as number);
  const cancel = globalThis.cancelIdleCallback ?? ((h: number) => clearTimeout(h));
  let next = 0;
  let handle = 0;
  const step = (deadline: Deadline) => {
    const until = performance.now() + BUDGET_MS;
    while (next < lists.length && deadline.timeRemaining() > MARGIN_MS && performance.now() < until && !inputPending()) {
      cachedLayoutNow(toCloudWords(lists[next++]), opts, false);
    }
    if (next < lists.length) handle = idle(step);
  };
  handle = idle(step);
  return () => cancel(handle);
}

/**
 * From this many scores (patches x vocabulary) the lists are asked for before the image's cloud is
 * painted: 256 x 19,545 (a paper-sized model) took the page's worker 100-170 ms when this was
 * measured (about half since the lists are made in one pass with branch-free counting, not
 * re-measured here), and asked after the paint they came after the first hovers. 64 x 19,545 (lexvla-tiny) takes a few ms, and asked
 * before the paint it slowed that paint on two cores by 2-3 ms (docs/benchmarks.md).
 */
export const EARLY_MIN_SCORES = 1 << 21;

/** Whether the patches' lists of a model of this size are asked for before the cloud is painted. */
export function asksEarly(grid: readonly [number, number] | undefined, vocabSize: number | null | undefined): boolean {
  return !!grid && !!vocabSize && grid[0] * grid[1] * vocabSize >= EARLY_MIN_SCORES;
}

/**
 * Every new global list (an encode, a replay after a crash, a rule or the whole-words switch
 * changed) means new words everywhere: ask for the patches' lists. A large model's are asked for
 * as the image's cloud is committed, so that the worker makes them on the other core while the
 * page paints, and go in the store once that frame is painted (a render for them before it would
 * delay the cloud); a small model's are asked for once the cloud is painted, so that they do not
 * compete with that frame for the CPU (EARLY_MIN_SCORES). Then lay out, in idle time, what the
 * store holds ahead, as clouds with `opts`.
 */
export function useWordsAhead(opts: LayoutOptions): void {
  const global = useExplorer((s) => s.image.global);
  const prefetch = useExplorer((s) => s.prefetchPatchWords);
  const early = useExplorer((s) => asksEarly(s.model.info?.grid, s.model.info?.vocabSize));
  useLayoutEffect(() => {
    if (!global) return;
    if (!early) return afterNextPaint(() => void prefetch());
    let cancel = () => {};
    const painted = new Promise<void>((resolve) => (cancel = afterNextPaint(resolve)));
    void prefetch(painted);
    return cancel;
  }, [global, prefetch, early]);
  const ahead = useExplorer((s) => s.wordsAhead);
  const cols = useExplorer((s) => s.model.info?.grid[1] ?? 1);
  useEffect(() => {
    // A drag's regions first, nearest its anchor first: its next steps select them.
    const lists = [...regionsNearestFirst(ahead?.regions ?? null, cols), ...(ahead?.patches ?? [])];
    if (lists.length === 0) return;
    return layoutInIdle(lists, opts);
  }, [ahead, opts, cols]);
}

/** The region lists made so far, by the distance in patches (the larger of rows and columns) of their far corner from the anchor. */
export function regionsNearestFirst(regions: { anchor: number; lists: readonly WordList[] } | null, cols: number): WordList[] {
  if (!regions) return [];
  const [ar, ac] = [Math.floor(regions.anchor / cols), regions.anchor % cols];
  const far = (p: number) => Math.max(Math.abs(Math.floor(p / cols) - ar), Math.abs((p % cols) - ac));
  const made: number[] = [];
  regions.lists.forEach((_, p) => made.push(p)); // forEach skips the holes of a first part
  return made.sort((a, b) => far(a) - far(b) || a - b).map((p) => regions.lists[p]);
}
