/**
 * Keeps the page URL in step with the view (history.replaceState, debounced) and, on start,
 * restores what a shared link asks for once the model is ready: sparsity, whole words, a sample
 * image or a composed scene, the selection, the queries, PatchDis classes, the Compare side and the tab.
 */
import { AUTO_VARIANT } from '../bundle/vision-graphs';
import { fitScene } from '../composer/classes';
import { decodeScene, encodeScene } from '../composer/scene-url';
import type { ExplorerState, ExplorerStore } from '../state';
import { loadSampleList } from '../views/input/samples';
import { supports } from '../views/supports';
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
  // A composed scene is the image while the model shows it (or the composer is open).
  const scene = s.composer.scene;
  if (scene && (s.composer.shown !== null || s.view === 'compose')) out.scene = encodeScene(scene);
  // The composer's class list is the bundle's own (trainedOn): the scene brings it back.
  const own = s.model.info?.trainedOn?.classes;
  const ownList = out.scene !== undefined && own !== undefined && own.length === s.patchdis.classes.length && own.every((c, i) => c.name === s.patchdis.classes[i]);
  if (s.patchdis.classes.length > 0 && !ownList) out.classes = s.patchdis.classes;
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
  if (want.scene) await restoreScene(store, want.scene);
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

/** Makes the link's scene the image (the composer draws and encodes it), and waits until it is. */
async function restoreScene(store: ExplorerStore, text: string): Promise<void> {
  const st = () => store.getState();
  const decoded = decodeScene(text);
  if ('error' in decoded) return st().notify('error', `The link's scene could not be read: ${decoded.error}.`);
  const info = st().model.info!;
  if (!supports('composer', info)) {
    return st().notify('error', `The link holds a composed scene, but ${info.name} was not trained on EmojiScenes (its manifest has no trainedOn for it), so it cannot be shown.`);
  }
  const { scene, dropped } = fitScene(decoded.scene, info.trainedOn!);
  if (dropped.length > 0) st().notify('error', `The link's scene has emoji that ${info.name} has no class for, left out: ${dropped.join(', ')}.`);
  st().setComposerScene(scene, null);
  await new Promise<void>((resolve) => {
    let started = false;
    const check = (s: ExplorerState) => {
      started ||= s.composer.busy;
      const done = s.composer.error !== null || (started && !s.composer.busy);
      if (done) resolve();
      return done;
    };
    if (check(st())) return;
    const off = store.subscribe((s) => check(s) && off());
  });
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
