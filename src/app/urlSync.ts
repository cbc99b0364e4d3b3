/**
 * Keeps the page URL in step with the view (history.replaceState, debounced) and, on start,
 * restores what a shared link asks for once the model is ready: sparsity, whole words, a sample image, the
 * selection, the queries, PatchDis classes, the Compare side and the tab.
 */
import { AUTO_VARIANT } from '../bundle/vision-graphs';
import type { ExplorerState, ExplorerStore } from '../state';
import { loadSampleList } from '../views/input/samples';
import { decodeShareState, encodeShareState, type ShareState } from './shareState';

const WRITE_DELAY_MS = 250;

/** The state a link should reopen. `samples`: file names the app can fetch again. */
function shareStateOf(s: ExplorerState, samples: ReadonlySet<string>, start: ShareState): ShareState {
  // The bundle now in use when it came from a URL (the default stays implicit, as in the start link).
  const src = s.model.source;
  const bundle = src?.kind === 'url' && !(start.bundle === undefined && src.url.endsWith('/models/lexvla-tiny/')) ? src.url : start.bundle;
  const variant = s.model.variantChoice !== AUTO_VARIANT ? s.model.variantChoice : undefined;
  const out: ShareState = { bundle, backend: start.backend, ...(variant ? { variant } : {}), view: s.view };
  if (s.image.name && samples.has(s.image.name)) out.image = `samples/${s.image.name}`;
  if (s.selection.region) out.region = s.selection.region;
  else if (s.selection.pinned !== null) out.pinned = s.selection.pinned;
  const queries = s.queries.list.map((q) => q.text);
  if (queries.length > 0) out.queries = queries;
  const rule = s.sparsity ?? null;
  const dflt = s.model.info?.sparsify ?? null;
  if (rule && dflt && (rule.threshold !== dflt.threshold || rule.topK !== dflt.topK)) {
    out.threshold = rule.threshold;
    out.topK = rule.topK;
  }
  if (s.wholeWords) out.wholeWords = true;
  if (s.patchdis.classes.length > 0) out.classes = s.patchdis.classes;
  if (s.compare.query) out.compareQuery = s.compare.query;
  if (s.compare.status !== 'idle' && s.compare.url !== 'models/clip-tiny/') out.compareBundle = s.compare.url;
  return out;
}

function whenModelReady(store: ExplorerStore): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (s: ExplorerState) => {
      if (s.model.status === 'ready' && s.model.info) return resolve(true), true;
      if (s.model.status === 'error' && !s.model.info) return resolve(false), true;
      return false;
    };
    if (check(store.getState())) return;
    const off = store.subscribe((s) => check(s) && off());
  });
}

async function restore(store: ExplorerStore, want: ShareState, base: string): Promise<void> {
  const st = () => store.getState();
  if (!(await whenModelReady(store))) return;
  if (want.threshold !== undefined || want.topK !== undefined) {
    const d = st().model.info?.sparsify;
    if (d) await st().setSparsity({ threshold: want.threshold ?? d.threshold, topK: want.topK === undefined ? d.topK : want.topK });
  }
  if (want.wholeWords) await st().setWholeWords(true);
  if (want.image) {
    const res = await fetch(base + want.image);
    if (res.ok) await st().encodeImage(want.image.slice('samples/'.length), await res.arrayBuffer());
    else st().notify('error', `The link names the image ${want.image}, which the app could not fetch (HTTP ${res.status}).`);
  }
  if (want.region) st().selectRegion(want.region);
  else if (want.pinned !== undefined) st().togglePin(want.pinned);
  for (const q of want.queries ?? []) await st().addQuery(q);
  if (want.classes) st().setPatchDisClasses(want.classes);
  if (want.view === 'compare' || want.compareBundle || want.compareQuery) {
    await st().openCompare(want.compareBundle);
    if (want.compareQuery) await st().setCompareQuery(want.compareQuery);
  }
  if (want.view) st().setView(want.view);
}

export function installUrlSync(store: ExplorerStore, base: string): void {
  const start = decodeShareState(location.search);
  let samples = new Set<string>();
  loadSampleList().then((l) => (samples = new Set(l.map((s) => s.file))), () => undefined);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const q = encodeShareState(shareStateOf(store.getState(), samples, start));
    const url = `${location.pathname}${q ? `?${q}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
  };
  // Written only after the link's own state is restored, so a half-restored page never overwrites it.
  void restore(store, start, base).finally(() => {
    document.body.dataset.restored = 'true';
    store.subscribe(() => {
      if (timer === null) timer = setTimeout(write, WRITE_DELAY_MS);
    });
    write();
  });
}
