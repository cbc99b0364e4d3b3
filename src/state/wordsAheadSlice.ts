/**
 * Words ahead of the pointer. A hover's words would come from the worker, a round trip that
 * lands after the frame that dispatched the pointer event, so the cloud would show them a frame
 * (16.7 ms) later at best. Instead, after each encode or rule change the worker sends every
 * patch's list, and on a drag's press every region's that the drag can select; the selection
 * slice then finds a hover's words here, and the cloud changes in the pointer event's own frame.
 * The views ask (src/views/cloud/wordsAhead.ts): they know when the image's own cloud is painted.
 * 64 to 256 patches of 40 words: small, serialisable results, as the store holds.
 */
import type { PatchTarget } from '../model/word-views';
import type { WordList } from '../lexical/word-list';
import type { WordsAhead, WordsAheadSlice } from './inspectorTypes';
import type { ExplorerState, GetState, SetState, SliceDeps } from './types';
import { wholeWordsFlag } from './wholeWordsSlice';

type Key = Pick<WordsAhead, 'imageId' | 'sparsity' | 'wholeWords'>;

/** What lists made now would stand for; null when there is nothing to make them of. */
function keyOf(s: ExplorerState): Key | null {
  const { id } = s.image;
  if (id === null || s.image.status !== 'ready' || !s.sparsity || s.model.info?.kind !== 'lexical') return null;
  return { imageId: id, sparsity: s.sparsity, wholeWords: s.wholeWords };
}

function sameKey(a: Key | null, b: Key | null): boolean {
  return !!a && !!b && a.imageId === b.imageId && a.sparsity === b.sparsity && a.wholeWords === b.wholeWords;
}

/** The list made ahead for `target` under the current image, rule and switch, or null. */
export function knownWords(s: ExplorerState, target: PatchTarget): WordList | null {
  const a = s.wordsAhead;
  const cols = s.model.info?.grid[1];
  if (!a || !cols || !sameKey(a, keyOf(s))) return null;
  if (target.kind === 'patch') return a.patches?.[target.index] ?? null;
  if (target.kind !== 'region' || !a.regions) return null;
  // A region is known when the anchor is one of its corners: the list sits at the opposite one.
  const [ar, ac] = [Math.floor(a.regions.anchor / cols), a.regions.anchor % cols];
  const { r0, c0, r1, c1 } = target;
  if ((ar !== r0 && ar !== r1) || (ac !== c0 && ac !== c1)) return null;
  return a.regions.lists[(ar === r0 ? r1 : r0) * cols + (ac === c0 ? c1 : c0)] ?? null;
}

export function createWordsAheadSlice(set: SetState, get: GetState, deps: SliceDeps): WordsAheadSlice {
  const { client, patchTopN } = deps;

  /**
   * The worker's lists for `anchor` (null: every patch), or null when they came too late or not at
   * all. `onPart` hears a region batch's first part (its nearest regions) before the answer.
   */
  async function fetchLists(key: Key, anchor: number | null, onPart?: (lists: WordList[]) => void): Promise<WordList[] | null> {
    try {
      const a = await client.request<'wordsAhead'>(
        {
          type: 'wordsAhead',
          imageId: key.imageId,
          rule: key.sparsity,
          anchor,
          topN: patchTopN,
          ...wholeWordsFlag(key),
        },
        (part) => {
          const lists: WordList[] = [];
          for (const [p, list] of part.lists) lists[p] = list;
          onPart?.(lists);
        },
      );
      return a.lists && sameKey(key, keyOf(get())) ? a.lists : null;
    } catch {
      // Nothing is lost: without these lists a hover asks the worker for its words, and that
      // request reports whatever made this one fail.
      return null;
    }
  }

  /** The region anchor asked for and not answered yet: a press after a rest asks again. */
  let pendingAnchor: { key: Key; anchor: number } | null = null;

  /** The current entry when it stands for `key`, else a fresh one. */
  function entry(key: Key): WordsAhead {
    const a = get().wordsAhead;
    return a && sameKey(a, key) ? a : { ...key, patches: null, regions: null };
  }

  return {
    wordsAhead: null,

    async prefetchPatchWords(settled) {
      const key = keyOf(get());
      if (!key) return;
      const [lists] = await Promise.all([fetchLists(key, null), settled]);
      if (lists && sameKey(key, keyOf(get()))) set({ wordsAhead: { ...entry(key), patches: lists } });
    },

    async prefetchRegionWords(anchor) {
      const key = keyOf(get());
      const a = get().wordsAhead;
      if (!key || (a && sameKey(a, key) && a.regions?.anchor === anchor && a.regions.complete)) return;
      if (pendingAnchor && sameKey(pendingAnchor.key, key) && pendingAnchor.anchor === anchor) return;
      const asked = (pendingAnchor = { key, anchor });
      const lists = await fetchLists(key, anchor, (nearest) => {
        // Stored while the rest is made, unless another anchor or image took over meanwhile.
        if (pendingAnchor === asked && sameKey(key, keyOf(get()))) set({ wordsAhead: { ...entry(key), regions: { anchor, lists: nearest, complete: false } } });
      });
      if (pendingAnchor === asked) pendingAnchor = null;
      if (lists) set({ wordsAhead: { ...entry(key), regions: { anchor, lists, complete: true } } });
    },
  };
}
