/**
 * Selection and the words of the selection. Which target the patch cloud shows: a dragged
 * region, else the pinned patch, else the hovered one (hover never overrides a pin, so the
 * pointer can travel to the cloud without losing it).
 */
import type { PatchTarget } from '../model/word-views';
import { describeError } from './errors';
import type { SelectionSlice, WordsSlice } from './inspectorTypes';
import type { ExplorerState, GetState, SetState, SliceDeps } from './types';
import { wholeWordsFlag } from './wholeWordsSlice';
import { knownWords } from './wordsAheadSlice';

export function activeTarget(s: Pick<ExplorerState, 'selection'>): PatchTarget | null {
  const { region, pinned, hovered } = s.selection;
  if (region) return { kind: 'region', ...region };
  if (pinned !== null) return { kind: 'patch', index: pinned };
  if (hovered !== null) return { kind: 'patch', index: hovered };
  return null;
}

function sameTarget(a: PatchTarget | null, b: PatchTarget | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createSelectionSlice(set: SetState, get: GetState, deps: SliceDeps): SelectionSlice & WordsSlice {
  const { client, latest, patchTopN } = deps;

  function update(selection: ExplorerState['selection']): void {
    const before = activeTarget(get());
    set({ selection });
    if (!sameTarget(before, activeTarget(get()))) void get().refreshWords();
  }

  function grid(): [number, number] | null {
    return get().model.info?.grid ?? null;
  }

  return {
    selection: { hovered: null, pinned: null, region: null },
    words: { target: null, list: null, loading: false },

    hoverPatch(index) {
      if (get().selection.hovered === index) return;
      update({ ...get().selection, hovered: index });
    },

    togglePin(index) {
      const { pinned } = get().selection;
      update({ hovered: index, region: null, pinned: pinned === index ? null : index });
    },

    movePinned(dRow, dCol) {
      const g = grid();
      if (!g) return;
      const [rows, cols] = g;
      const { pinned, hovered, region } = get().selection;
      // Arrow keys after a drag continue from the region's top-left patch.
      const from = pinned ?? (region ? region.r0 * cols + region.c0 : hovered);
      if (from === null) {
        update({ hovered: null, region: null, pinned: 0 });
        return;
      }
      const r = Math.min(rows - 1, Math.max(0, Math.floor(from / cols) + dRow));
      const c = Math.min(cols - 1, Math.max(0, (from % cols) + dCol));
      update({ hovered: null, region: null, pinned: r * cols + c });
    },

    selectRegion(region) {
      update({ hovered: null, pinned: null, region });
    },

    previewRegion(region) {
      update({ ...get().selection, region });
    },

    clearSelection() {
      update({ hovered: null, pinned: null, region: null });
    },

    async refreshWords() {
      const target = activeTarget(get());
      const isLatest = latest.begin('words');
      if (!target || !get().image.preview || get().model.info?.kind !== 'lexical') {
        set({ words: { target: null, list: null, loading: false } });
        return;
      }
      const known = knownWords(get(), target);
      if (known) {
        set({ words: { target, list: known, loading: false } });
        return;
      }
      set((s) => ({ words: { ...s.words, target, loading: true } }));
      try {
        const a = await client.request<'words'>({ type: 'words', target, topN: patchTopN, ...wholeWordsFlag(get()) });
        if (!isLatest()) return;
        set({ words: { target: a.target, list: a.words, loading: false } });
      } catch (e) {
        if (!isLatest()) return;
        set((s) => ({ words: { ...s.words, loading: false } }));
        get().notify('error', `Could not get the words of the selection: ${describeError(e).text}`);
      }
    },
  };
}
