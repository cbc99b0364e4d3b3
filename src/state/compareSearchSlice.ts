/**
 * Retrieval in the Compare view: the same query (a text, or the inspected image,
 * which both workers have encoded) over each side's gallery,
 * the inspector's worker on the left and the second bundle's worker on the right. Each side
 * opens its bundle's own gallery when none is open; a newer query voids an older one.
 */
import type { ModelInfo } from '../model/info';
import type { GalleryInfo, RetrievalQueryMsg, RetrievalTarget } from '../retrieval/messages';
import type { CompareSearchSlice, SideSearch } from './compareTypes';
import { describeError } from './errors';
import { WHY_WORDS } from './retrievalSlice';
import type { ClientPort, GetState, SetState, SliceDeps } from './types';

/** Results per side: one row of the side-by-side grid. */
export const COMPARE_RESULTS_K = 6;

const EMPTY: SideSearch = { gallery: null, results: null, error: null };

export function createCompareSearchSlice(set: SetState, get: GetState, deps: SliceDeps): CompareSearchSlice {
  let seq = 0;
  /** The second bundle the right gallery was opened for: a new second bundle needs it opened again. */
  let rightFor: ModelInfo | null = null;
  let rightGallery: GalleryInfo | null = null;

  async function leftGallery(): Promise<GalleryInfo> {
    const info = get().model.info;
    if (!get().retrieval.gallery && info?.hasGallery) await get().openBundleGallery();
    const g = get().retrieval.gallery;
    if (!g) throw new Error(`${info?.name ?? 'The inspector’s model'} has no gallery open: open one in the Retrieval panel.`);
    return g;
  }

  async function openRight(): Promise<{ client: ClientPort; gallery: GalleryInfo }> {
    const client = deps.compareClient?.() ?? null;
    const info = get().compare.info;
    if (get().compare.status !== 'ready' || !client || !info) throw new Error('The second bundle is not loaded yet.');
    if (rightFor !== info || !rightGallery) {
      if (!info.hasGallery) throw new Error(`${info.name} has no gallery (manifest.json gallery is absent).`);
      rightGallery = (await client.request<'galleryOpen'>({ type: 'galleryOpen', source: { kind: 'bundle' } })).gallery;
      rightFor = info;
    }
    return { client, gallery: rightGallery };
  }

  async function side(open: () => Promise<{ client: ClientPort; gallery: GalleryInfo }>, query: RetrievalQueryMsg, target: RetrievalTarget): Promise<SideSearch> {
    let gallery: GalleryInfo | null = null;
    try {
      const o = await open();
      gallery = o.gallery;
      const a = await o.client.request<'retrievalSearch'>({ type: 'retrievalSearch', query, target, k: COMPARE_RESULTS_K, explain: WHY_WORDS });
      return { gallery, results: a.result, error: null };
    } catch (e) {
      return { gallery, results: null, error: describeError(e).text };
    }
  }

  return {
    compareSearch: { query: null, target: 'images', status: 'idle', left: EMPTY, right: EMPTY },

    async searchCompare(query, target = 'images') {
      const n = ++seq;
      const q: RetrievalQueryMsg = query.kind === 'text' ? { kind: 'text', text: query.text.trim() } : query;
      if (q.kind === 'text' && q.text === '') {
        set({ compareSearch: { query: null, target, status: 'idle', left: EMPTY, right: EMPTY } });
        return;
      }
      set((s) => ({ compareSearch: { ...s.compareSearch, query: q, target, status: 'searching' } }));
      // An image query on the right uses the second worker's encoding of the inspected image,
      // which may still be running (the Compare view opened or the image changed a moment ago).
      const openRightWhenEncoded = async () => {
        if (q.kind === 'image') await get().compareImageSettled();
        return openRight();
      };
      const [left, right] = await Promise.all([
        side(async () => ({ client: deps.client, gallery: await leftGallery() }), q, target),
        side(openRightWhenEncoded, q, target),
      ]);
      if (n !== seq) return;
      set({ compareSearch: { query: q, target, status: 'ready', left, right } });
    },

    async compareItemBytes(item) {
      const client = deps.compareClient?.();
      if (!client) return null;
      try {
        const a = await client.request<'galleryImage'>({ type: 'galleryImage', item });
        return { name: a.name, bytes: a.bytes };
      } catch (e) {
        get().notify('error', `Could not read the second gallery's image ${item + 1}: ${describeError(e).text}`);
        return null;
      }
    },

    async openCompareItem(item) {
      const got = await get().compareItemBytes(item);
      if (got) await get().encodeImage(got.name.split('/').pop() || got.name, got.bytes);
    },
  };
}
