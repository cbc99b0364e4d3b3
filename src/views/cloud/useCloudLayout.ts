/** Runs (or reuses) the seeded layout for a word list; cancels a layout its input outgrew. */
import type { WordList } from '../../lexical/word-list';
import { useEffect, useMemo, useState } from 'react';
import { cachedLayout, cachedLayoutNow, type CloudWord, type LayoutOptions, type PlacedWord } from './layout';

/**
 * Up to this many words, the layout runs during render: a few ms, and the new words reach the
 * screen in the same frame as the store's answer. An asynchronous layout would first paint a
 * frame with the previous cloud (busy) and the new one a frame or more later, past a hover's
 * budget of one frame. Longer lists are placed in slices, off the render.
 */
const SYNC_MAX_WORDS = 100;

export function toCloudWords(list: WordList): CloudWord[] {
  return list.words.map((text, i) => ({ index: list.indices[i], text, value: list.values[i] }));
}

/**
 * The layout to draw, and whether it is the layout of `list` (`current`) or the previous one
 * kept on screen while the new one is placed: the cloud is busy until it is current.
 */
export function useCloudLayoutState(list: WordList | null, opts: LayoutOptions): { placed: PlacedWord[] | null; current: boolean } {
  const words = useMemo(() => (list ? toCloudWords(list) : null), [list]);
  const [placed, setPlaced] = useState<{ words: CloudWord[]; placed: PlacedWord[] } | null>(null);
  const { width, height, seed, fontFamily, maxPx, minPx } = opts;
  const now = useMemo(
    () => (words && words.length <= SYNC_MAX_WORDS ? cachedLayoutNow(words, { width, height, seed, fontFamily, maxPx, minPx }) : null),
    [words, width, height, seed, fontFamily, maxPx, minPx],
  );
  useEffect(() => {
    if (!words || now) return;
    const o = { width, height, seed, fontFamily, maxPx, minPx };
    const job = cachedLayout(words, o);
    if ('hit' in job) {
      setPlaced({ words, placed: job.hit });
      return;
    }
    let live = true;
    void job.done.then((p) => live && setPlaced({ words, placed: p }));
    return () => {
      live = false;
      job.cancel();
    };
  }, [words, now, width, height, seed, fontFamily, maxPx, minPx]);
  if (now) return { placed: now, current: true };
  // Until the new layout is done, keep showing the previous one rather than flashing empty.
  return { placed: words ? (placed?.placed ?? null) : null, current: words !== null && placed?.words === words };
}
