/**
 * Vocabulary slice: usage statistics of the open gallery, the word index (typed
 * text -> words -> the images where one fires most), and opening such an image in the
 * inspector with that word's heatmap. Everything is computed by the worker over the gallery it
 * holds; the store keeps the small answers, tagged with the gallery they belong to.
 */
import type { GalleryInfo } from '../retrieval/messages';
import { describeError } from './errors';
import type { GetState, SetState, SliceDeps } from './types';
import type { VocabSlice, VocabState } from './vocabTypes';

/** A word counts as over-used when it is active in more than half the images. */
export const OVERUSE_SHARE = 0.5;
/** Bars in the chart. */
export const TOP_WORDS = 20;
/** Words listed for typed text, and images listed for one word. */
const FOUND_WORDS = 12;
export const WORD_IMAGES = 8;

/** Tells galleries apart across models and re-indexing (every bundle gallery has key 'bundle'). */
export function galleryId(g: GalleryInfo | null): string | null {
  return g ? `${g.key}|${g.name}|${g.createdAt}|${g.items}` : null;
}

const initial = (): VocabState => ({ gallery: null, status: 'idle', error: null, usage: null, typed: '', found: [], word: null, opened: null });

export function createVocabSlice(set: SetState, get: GetState, deps: SliceDeps): VocabSlice {
  const { client } = deps;
  const seq = { usage: 0, find: 0, word: 0, open: 0 };
  const patch = (p: Partial<VocabState>) => set((s) => ({ vocab: { ...s.vocab, ...p } }));
  /** Answers are kept only while the gallery they were asked of is still the open one. */
  const current = () => galleryId(get().retrieval.gallery);

  return {
    vocab: initial(),

    async loadVocabUsage() {
      const gid = current();
      if (gid === null) {
        seq.usage++;
        set({ vocab: initial() });
        return;
      }
      if (get().vocab.gallery === gid && get().vocab.status !== 'error') return;
      const n = ++seq.usage;
      seq.find++;
      seq.word++;
      set({ vocab: { ...initial(), gallery: gid, status: 'loading' } });
      try {
        const a = await client.request<'vocabUsage'>({ type: 'vocabUsage', minShare: OVERUSE_SHARE, limit: TOP_WORDS });
        if (n !== seq.usage || current() !== gid) return;
        patch({ status: 'ready', usage: a.usage });
      } catch (e) {
        if (n !== seq.usage) return;
        patch({ status: 'error', error: describeError(e).text });
      }
    },

    async findVocabWords(text) {
      const n = ++seq.find;
      patch({ typed: text });
      if (text.trim() === '' || get().vocab.status !== 'ready') {
        patch({ found: [] });
        return;
      }
      const gid = get().vocab.gallery;
      try {
        const a = await client.request<'vocabFind'>({ type: 'vocabFind', text, limit: FOUND_WORDS });
        if (n !== seq.find || current() !== gid) return;
        patch({ found: a.words });
      } catch (e) {
        if (n === seq.find) patch({ found: [], error: describeError(e).text });
      }
    },

    async showWordImages(word) {
      const n = ++seq.word;
      const gid = get().vocab.gallery;
      try {
        const a = await client.request<'wordImages'>({ type: 'wordImages', word, k: WORD_IMAGES });
        if (n !== seq.word || current() !== gid) return;
        patch({ word: { index: a.word, text: a.text, hits: a.hits }, opened: null });
      } catch (e) {
        if (n === seq.word) get().notify('error', `Could not list the images for word #${word}: ${describeError(e).text}`);
      }
    },

    async openWordImage(item, word) {
      const n = ++seq.open;
      const got = await get().galleryItemBytes(item);
      if (!got || n !== seq.open) return;
      const name = got.name.split('/').pop() || got.name;
      await get().encodeImage(name, got.bytes);
      if (n !== seq.open || get().image.name !== name) return;
      patch({ opened: { item, name, word } });
      await get().showHeatmap(word);
    },
  };
}
