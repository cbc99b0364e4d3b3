/**
 * The Compare view: a second bundle in its own worker (its own Engine), on the
 * image the inspector shows, with the same selection, text query and PatchDis classes. The
 * inspector's side is read from the main slices (its worker's state is never changed: queries
 * and PatchDis are stateless requests); the second side's small results live here.
 */
import type { PatchTarget } from '../model/word-views';
import type { CompareSideResults, CompareSlice, CompareState } from './compareTypes';
import { crashClause, describeError } from './errors';
import { textPreparer } from './prepareText';
import { activeTarget } from './selectionSlice';
import type { ClientPort, ExplorerState, GetState, SetState, SliceDeps } from './types';

/** The CLIP default beside the LexVLA default. */
const DEFAULT_COMPARE_BUNDLE = 'models/clip-tiny/';

/** The same patch on another grid: the cell whose centre lies under the source cell's centre. */
export function mapTarget(t: PatchTarget, from: [number, number], to: [number, number]): PatchTarget {
  if (t.kind === 'global' || (from[0] === to[0] && from[1] === to[1])) return t;
  const row = (r: number) => Math.min(to[0] - 1, Math.floor(((r + 0.5) * to[0]) / from[0]));
  const col = (c: number) => Math.min(to[1] - 1, Math.floor(((c + 0.5) * to[1]) / from[1]));
  if (t.kind === 'patch') return { kind: 'patch', index: row(Math.floor(t.index / from[1])) * to[1] + col(t.index % from[1]) };
  return { kind: 'region', r0: row(t.r0), c0: col(t.c0), r1: row(t.r1), c1: col(t.c1) };
}

const EMPTY_SIDE: CompareSideResults = { query: null, patchdis: null };

export function createCompareSlice(set: SetState, get: GetState, deps: SliceDeps): CompareSlice {
  let client: ClientPort | null = null;
  const prepare = textPreparer();
  const seq = { load: 0, image: 0, words: 0, query: 0, classes: 0 };
  const update = (p: Partial<CompareState>) => set((s) => ({ compare: { ...s.compare, ...p } }));
  const second = (): ClientPort => {
    if (!deps.makeCompareClient) throw new Error('compare: this store was built without a second worker (createExplorerStore makeCompareClient)');
    if (!client) {
      client = deps.makeCompareClient();
      client.onCrash((message) => void recover(message));
    }
    return client;
  };

  /**
   * The second worker died and the client replaced it: the new one knows nothing, so load the
   * second bundle again (which re-encodes the image and re-asks the words, query and classes) and
   * repeat the Compare search, whose right-hand gallery lived in the dead worker.
   */
  async function recover(message: string): Promise<void> {
    const { status, url } = get().compare;
    const reason = crashClause(message);
    if (status === 'idle' || status === 'error') {
      get().notify('error', `The Compare view's worker stopped (${reason}) — restarted it.`);
      return;
    }
    await get().openCompare(url);
    const c = get().compare;
    if (c.status !== 'ready' || !c.info) {
      get().notify('error', `The Compare view's worker stopped (${reason}) and reloading ${url} failed: ${c.error ?? 'unknown error'}`);
      return;
    }
    get().notify('info', `The Compare view's worker stopped (${reason}) — restarted it and reloaded ${c.info.name}.`);
    const { query, target, status: searched } = get().compareSearch;
    if (searched !== 'idle' && query) await get().searchCompare(query, target);
  }
  const ready = () => get().compare.status === 'ready' && client !== null;

  async function runQuery(): Promise<void> {
    const n = ++seq.query;
    const text = get().compare.query.trim();
    if (text === '' || !get().image.preview) {
      update({ left: { ...get().compare.left, query: null }, right: { ...get().compare.right, query: null } });
      return;
    }
    const ask = (c: ClientPort) => c.request<'textQuery'>({ type: 'textQuery', text, topN: deps.topN }).then((a) => a.result, () => null);
    const [l, r] = await Promise.all([ask(deps.client), ready() && get().compare.image.status === 'ready' ? ask(client!) : null]);
    if (n !== seq.query) return;
    set((s) => ({ compare: { ...s.compare, left: { ...s.compare.left, query: l }, right: { ...s.compare.right, query: r } } }));
  }

  async function runClasses(): Promise<void> {
    const n = ++seq.classes;
    const classes = get().compare.classes;
    if (classes.length === 0 || !get().image.preview) {
      update({ left: { ...get().compare.left, patchdis: null }, right: { ...get().compare.right, patchdis: null } });
      return;
    }
    const ask = (c: ClientPort) =>
      c.request<'patchDisImage'>({ type: 'patchDisImage', classes, threshold: null, mask: null }).then((a) => a.result, (e: unknown) => {
        update({ error: describeError(e).text });
        return null;
      });
    const [l, r] = await Promise.all([ask(deps.client), ready() && get().compare.image.status === 'ready' ? ask(client!) : null]);
    if (n !== seq.classes) return;
    set((s) => ({ compare: { ...s.compare, left: { ...s.compare.left, patchdis: l }, right: { ...s.compare.right, patchdis: r } } }));
  }

  /** The second worker's encode of the inspected image in progress (compareImageSettled). */
  let imageJob: Promise<unknown> = Promise.resolve();

  return {
    compare: {
      url: DEFAULT_COMPARE_BUNDLE,
      status: 'idle',
      info: null,
      error: null,
      image: { name: null, preview: null, global: null, status: 'idle' },
      words: { target: null, list: null },
      query: '',
      classes: [],
      left: EMPTY_SIDE,
      right: EMPTY_SIDE,
    },

    async openCompare(url = get().compare.url) {
      const n = ++seq.load;
      update({ url, status: 'loading', error: null, info: null, image: { name: null, preview: null, global: null, status: 'idle' }, words: { target: null, list: null }, right: EMPTY_SIDE });
      try {
        const abs = new URL(url, globalThis.location?.href ?? 'http://localhost/').href;
        const a = await second().request<'loadBundle'>({ type: 'loadBundle', source: { kind: 'url', url: abs }, backend: get().model.backendChoice });
        if (n !== seq.load) return;
        update({ status: 'ready', info: a.info });
        await get().syncCompareImage();
      } catch (e) {
        if (n !== seq.load) return;
        update({ status: 'error', error: `Could not load the second bundle ${url}: ${describeError(e).text}` });
      }
    },

    async setCompareQuery(text) {
      update({ query: text });
      await runQuery();
    },

    async setCompareClasses(classes) {
      update({ classes });
      await runClasses();
    },

    async syncCompareImage() {
      const { bytes, name } = get().image;
      if (!ready() || !bytes || !name) return;
      const n = ++seq.image;
      update({ image: { ...get().compare.image, status: 'encoding' } });
      const encoded = (async () => {
        try {
          // A copy, transferred: the main thread keeps its bytes to replay after a crash.
          const copy = bytes.slice(0);
          const a = await client!.request<'encodeImage'>({ type: 'encodeImage', name, source: copy, topN: deps.topN }, undefined, [copy]);
          if (n !== seq.image) return false;
          update({ image: { name: a.name, preview: a.preview, global: a.global, status: 'ready' }, error: null });
          return true;
        } catch (e) {
          if (n === seq.image) update({ image: { name: null, preview: null, global: null, status: 'ready' }, error: describeError(e).text });
          return false;
        }
      })();
      imageJob = encoded;
      if (await encoded) await Promise.all([get().syncCompareWords(), runQuery(), runClasses()]);
    },

    async compareImageSettled() {
      // A newer image may start encoding while an older one settles: wait for the newest.
      for (let job = imageJob; ; job = imageJob) {
        await job;
        if (job === imageJob) return;
      }
    },

    prepareCompareText() {
      get().prepareText();
      const { status, info } = get().compare;
      if (status === 'ready' && info !== null && client !== null) prepare(client, info);
    },

    async syncCompareWords() {
      const n = ++seq.words;
      const info = get().compare.info;
      const main = get().model.info;
      const target = activeTarget(get());
      // A dense second bundle has words once it has its word table (compareWordsSlice.ts).
      const hasWords = info?.kind === 'lexical' || get().compareWords.table.status === 'ready';
      if (!ready() || !info || !main || !hasWords || !target || get().compare.image.status !== 'ready') {
        update({ words: { target: null, list: null } });
        return;
      }
      const mapped = mapTarget(target, main.grid, info.grid);
      try {
        const a = await client!.request<'words'>({ type: 'words', target: mapped, topN: deps.patchTopN });
        if (n !== seq.words) return;
        update({ words: { target: a.target, list: a.words } });
      } catch {
        if (n === seq.words) update({ words: { target: null, list: null } });
      }
    },
  };
}

/** Keeps the second side in step with the inspector: a new image re-encodes, a new selection re-asks words. */
export function watchCompare(s: ExplorerState, prev: ExplorerState): void {
  if (s.compare.status !== 'ready') return;
  if (s.image.bytes !== prev.image.bytes && s.image.status === 'ready') void s.syncCompareImage();
  else if (s.image.status === 'ready' && prev.image.status !== 'ready') void s.syncCompareImage();
  if (JSON.stringify(activeTarget(s)) !== JSON.stringify(activeTarget(prev))) void s.syncCompareWords();
}
