/**
 * What each worker request does. Loaded lazily by worker.ts; holds the one Engine of this
 * worker. Network access: only the user-typed bundle URL (and the app's own origin for ORT's
 * .wasm), never anything else.
 */
import { verifying } from '../bundle/integrity';
import { BundleError } from '../bundle/issues';
import { ORT_LIMITS } from '../bundle/onnx-graph';
import { validateManifest } from '../bundle/validate-manifest';
import { AUTO_VARIANT, chooseVisionGraph, EXACT_VARIANT, filesNotRun, type VariantChoice } from '../bundle/vision-graphs';
import { cacheKey, type BundleSourceMsg } from '../bundle/source-msg';
import { BUNDLE_CHECKS } from '../bundle/validate-bundle';
import { sourceFromFiles, withRead, type BundleSource } from '../bundle/source';
import { MANIFEST_FILE } from '../bundle/types';
import { fetchBytes, isZipUrl, sourceFromUrl } from '../bundle/source-url';
import { sourceFromZip } from '../bundle/source-zip';
import { chooseBackend, probeGpu, type Backend, type BackendChoice, type GpuCapabilities } from '../model/backend';
import { Engine } from '../model/engine';
import { EngineError } from '../model/errors';
import type { ModelInfo } from '../model/info';
import { webRuntime } from '../model/ort-web';
import { clearCached, listCached, sourceFromCache, storeBundle, unchangedCopy, type CacheEntry } from './bundle-cache';
import './codecs-web';
import { ensureJpegDecoder } from '../image/jpeg';
import { ensurePngDecoder } from '../image/png';
import * as pd from './patchdis-handlers';
import type { Handler, Handlers, Post, Reply, RequestOf, RequestType, Response } from './protocol';
import { readSource } from './read-source';
import { retrievalHandlers } from './retrieval-handlers';
import { noteUserActive } from './user-activity';
import * as ww from './whole-words';
import { ensureBundleWords, wordsHandlers } from './words-handlers';
import { wordsAhead } from './words-ahead';

let engine: Engine | null = null;
let gpu: Promise<GpuCapabilities> | null = null;
/**
 * The backend this worker was first used with. It does not change: a load on another backend
 * asks the main thread for a fresh worker (code 'restart-worker'), which also frees the first
 * onnxruntime-web build's memory. (When one build served both, every WebGPU run after a WASM
 * session failed: '[WebGPU] Kernel "[Sub] " failed. Error: no GPU data for input: 4',
 * onnxruntime-web 1.30, JSEP.)
 */
let runtimeBackend: Backend | null = null;

/** Every request of protocol.ts's table, handled. */
const HANDLERS: Handlers = {
  loadBundle: (msg, reply, post) => loadBundle(msg.id, msg.source, msg.backend, msg.variant ?? AUTO_VARIANT, reply, post),
  encodeImage: async (msg, reply, post) => {
    const { bytes, ms } = await readSource(msg.source, msg.name);
    // The preview is copied (50 KB at 112 px), not transferred: the final answer transfers it.
    const r = await getEngine().encode(new Uint8Array(bytes), msg.name, msg.topN, (p) => post({ id: msg.id, type: 'imagePreview', ...p }));
    if (msg.wholeWords && getEngine().encoded?.kind === 'lexical') r.global = await ww.wholeWords(getEngine(), { kind: 'global' }, msg.topN);
    const answer = { ...r, timings: { ...r.timings, read: ms }, bytes };
    reply({ type: 'imageEncoded', ...answer }, [r.preview.data.buffer as ArrayBuffer, bytes]);
  },
  words: async (msg, reply) => {
    await ensureBundleWords(getEngine());
    const words = msg.wholeWords ? await ww.wholeWords(getEngine(), msg.target, msg.topN) : getEngine().words(msg.target, msg.topN);
    reply({ type: 'words', target: msg.target, words });
  },
  wordsAhead: async (msg, reply, post) => {
    const lists = await wordsAhead(getEngine(), msg, undefined, (part) => post({ id: msg.id, type: 'wordsAheadPart', lists: part }));
    reply({ type: 'wordsAhead', imageId: msg.imageId, anchor: msg.anchor, lists });
  },
  setSparsify: async (msg, reply) => {
    const global = getEngine().setSparsify(msg.sparsify, msg.topN);
    const whole = msg.wholeWords && global ? await ww.wholeWords(getEngine(), { kind: 'global' }, msg.topN) : null;
    reply({ type: 'sparsifySet', global: whole ?? global });
  },
  wordHeatmap: async (msg, reply) => {
    await ensureBundleWords(getEngine());
    const h = ww.isWholeWordId(getEngine(), msg.word) ? await ww.wholeWordHeatmap(getEngine(), msg.word) : getEngine().wordHeatmap(msg.word);
    reply({ type: 'wordHeatmap', ...h }, [h.values.buffer as ArrayBuffer]);
  },
  userActive: (_msg, reply) => {
    noteUserActive();
    reply({ type: 'activityNoted' });
  },
  listCache: async (_msg, reply) => reply({ type: 'cacheList', entries: (await listCached()).map(({ key, name, bytes }) => ({ key, name, bytes })) }),
  clearCache: async (_msg, reply) => {
    await clearCached();
    reply({ type: 'cacheCleared' });
  },
  textQuery: async (msg, reply) => {
    const result = await pd.textQuery(getEngine(), msg.text, msg.topN);
    reply({ type: 'textQueried', result }, [result.relevance.buffer as ArrayBuffer]);
  },
  prepareText: async (_msg, reply) => reply({ type: 'textPrepared', ms: await getEngine().prepareText() }),
  prepareClasses: async (msg, reply) => {
    const t0 = performance.now();
    const ran = await pd.prepareClasses(getEngine(), msg.classes);
    reply({ type: 'classesPrepared', ran, ms: performance.now() - t0 });
  },
  patchDisImage: async (msg, reply, post) => {
    const result = await pd.patchDisImage(getEngine(), msg.classes, msg.threshold, msg.mask, { id: msg.id, post });
    reply({ type: 'patchDisImaged', result });
  },
  evalSetInfo: async (msg, reply) => {
    const { set } = await pd.openEvalSet(getEngine(), msg.source);
    const items = set.items.map((it) => ({ id: it.id, image: it.image, mask: it.mask ?? null }));
    reply({ type: 'evalSetLoaded', name: set.name, classes: set.classes, items });
  },
  patchDisDataset: async (msg, reply, post) =>
    reply({ type: 'patchDisDatasetDone', result: await pd.patchDisDataset(getEngine(), msg.id, msg.job, msg.source, msg.threshold, post) }),
  cancelJob: (msg, reply) => reply({ type: 'jobCancelled', job: msg.job, found: pd.cancelJob(msg.job) }),
  sparsitySweep: async (msg, reply, post) =>
    reply({ type: 'sweepDone', table: await pd.sparsitySweep(getEngine(), msg.id, msg.job, msg.source, msg.spec, post) }),
  ...retrievalHandlers(getEngine),
  ...wordsHandlers(getEngine),
};

export async function handle<T extends RequestType>(msg: RequestOf<T>, post: Post): Promise<void> {
  const handler: Handler<T> = HANDLERS[msg.type];
  await handler(msg, (answer, transfer) => post({ id: msg.id, ...answer } as Response, transfer), post);
}

/**
 * Where a load's checks passed: this build's onnxruntime-web, the backend, the checks' version
 * (bundle-cache.ts CacheEntry.checked), and the vision graph when it is a variant: a load checks
 * (and runs) only the graph it opens, so a pass of one graph says nothing of another.
 */
const checkedKey = (backend: Backend, graph: string = EXACT_VARIANT) =>
  `${ORT_LIMITS.runtime} on ${backend}, bundle checks v${BUNDLE_CHECKS}${graph === EXACT_VARIANT ? '' : `, vision graph "${graph}"`}`;

/** The file name a zip URL ends with, for messages ("bundle.zip"). */
function zipName(url: string): string {
  const path = new URL(url, self.location.href).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
}

function getEngine(): Engine {
  engine ??= new Engine(webRuntime());
  return engine;
}


/** `onZipProgress`: a zip named by URL is downloaded whole before anything in it can be read. */
async function openSource(src: BundleSourceMsg, onZipProgress: (loaded: number, total: number) => void): Promise<BundleSource> {
  switch (src.kind) {
    case 'url':
      if (!isZipUrl(src.url)) return sourceFromUrl(src.url);
      return sourceFromZip(zipName(src.url), await fetchBytes(src.url, onZipProgress));
    case 'zip':
      // Read a slice at a time from the File: the archive is never in memory whole.
      return sourceFromZip(src.name, src.file);
    case 'files':
      return sourceFromFiles(src.files[0]?.path.split('/')[0] || 'folder', src.files);
    case 'cached':
      return sourceFromCache(src.key);
  }
}

/**
 * Keeps what the load read, so storing the bundle afterwards does not download it twice.
 * `forget()` drops the bytes once stored: the loaded model keeps this source for its text side,
 * and a second copy of a large graph must not live as long as the model.
 */
function remembering(source: BundleSource): BundleSource & { forget(): void; drop(path: string): void; holds(path: string): boolean } {
  const memo = new Map<string, Promise<Uint8Array>>();
  let keep = true;
  const read: BundleSource['read'] = (path, onProgress) => {
    let r = memo.get(path);
    if (!r) {
      r = source.read(path, onProgress);
      r.catch(() => memo.delete(path));
      if (keep) memo.set(path, r);
    }
    return r;
  };
  return {
    ...withRead(source, read),
    forget: () => {
      keep = false;
      memo.clear();
    },
    // The store is done with this file: a large graph's bytes need not wait for the whole bundle.
    drop: (path) => memo.delete(path),
    holds: (path) => memo.has(path),
  };
}

/**
 * The browser's stored copy of a URL bundle, when the server still has exactly that bundle: its
 * manifest.json (read now, through `source`, so the load does not fetch it again) is the stored
 * one byte for byte and pins every file with a SHA-256. A manifest that cannot be read here is
 * left for the load to report.
 */
async function unchangedUrlBundle(key: string, source: BundleSource, variant: VariantChoice, backend: Backend): Promise<CacheEntry | null> {
  try {
    const bytes = await source.read(MANIFEST_FILE);
    return await unchangedCopy(key, bytes, new Set(unreadGraphFiles(bytes, variant, backend)));
  } catch {
    return null;
  }
}

/** The vision graph files a load of these manifest bytes will not read (none for an invalid manifest). */
function unreadGraphFiles(manifestBytes: Uint8Array, variant: VariantChoice, backend: Backend): string[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    return [];
  }
  const { manifest } = validateManifest(json);
  return manifest ? filesNotRun(manifest, chooseVisionGraph(manifest, variant, backend).graph) : [];
}

async function loadBundle(id: number, src: BundleSourceMsg, choice: BackendChoice, variant: VariantChoice, reply: Reply<'loadBundle'>, post: Post): Promise<void> {
  gpu ??= probeGpu();
  let decision = chooseBackend(choice, await gpu);
  if (runtimeBackend !== null && runtimeBackend !== decision.backend) {
    throw new EngineError('restart-worker', `This worker runs onnxruntime-web on ${runtimeBackend}; loading on ${decision.backend} needs a fresh worker.`);
  }
  runtimeBackend = decision.backend;
  const progress = (loadedBytes: number, totalBytes: number, label: string) =>
    post({ id, type: 'progress', phase: 'download', loadedBytes, totalBytes, label });
  const opened = await openSource(src, (loaded, total) => progress(loaded, total, src.kind === 'url' ? zipName(src.url) : '')).catch((e: unknown) => {
    throw src.kind === 'url' && !(e instanceof BundleError) ? new EngineError('network', `Could not read the bundle at ${src.url}: ${(e as Error).message}`) : e;
  });
  // The cached copy was checked when it was stored; everything else is checked as it is read, so
  // what the cache stores afterwards (files the load did not read included) is checked too.
  let source = remembering(src.kind === 'cached' ? opened : verifying(opened));
  const reused = src.kind === 'url' ? await unchangedUrlBundle(cacheKey(src), source, variant, decision.backend) : null;
  if (reused) source = remembering(await sourceFromCache(reused.key));
  const e = getEngine();
  // A stored copy records where its bytes passed every check, first run included: not repeated there.
  const stored = reused ?? (src.kind === 'cached' ? ((await listCached()).find((c) => c.key === src.key) ?? null) : null);
  const opts = (backend: Backend) => ({ hashesChecked: true, variant, checkedCopy: (graph: string) => stored?.checked?.includes(checkedKey(backend, graph)) ?? false });
  let info;
  try {
    info = await e.load(source, decision.backend, progress, opts(decision.backend));
  } catch (err) {
    // 'auto' picked WebGPU on a real GPU, but the graph would not run there: WASM still can.
    if (!(choice === 'auto' && decision.backend === 'webgpu' && err instanceof EngineError && err.code === 'bad-model')) throw err;
    decision = { backend: 'wasm', reason: `auto: WebGPU could not load the model (${err.message}) — using WASM` };
    runtimeBackend = 'wasm';
    info = await e.load(source, 'wasm', progress, opts('wasm'));
  }
  const manifest = e.manifest!; // read now: a later load may replace it while we cache
  const { device: _device, ...rest } = info;
  const model: ModelInfo = {
    ...rest,
    key: cacheKey(src),
    backend: decision.backend,
    backendReason: decision.reason,
    fromCache: src.kind === 'cached' || reused !== null,
    cacheNote: reused
      ? `Unchanged at ${reused.key.slice('url:'.length)} since this browser stored it on ${reused.storedAt.slice(0, 10)} (same manifest, every file pinned by its SHA-256): loaded from the stored copy, nothing downloaded.`
      : null,
  };
  reply({ type: 'bundleLoaded', info: model });
  // While the user picks an image: warm-up encodes. The graph's first run was part of the load
  // (a failure there fails the load); a failure here is reported by the user's own encode.
  void e.warmUp().catch(() => null);
  // And the image decoders' WebAssembly (fetched and compiled once), so the first image does not wait for it.
  void Promise.all([ensurePngDecoder(), ensureJpegDecoder()]).catch(() => null);
  if (src.kind === 'cached' || reused) return source.forget();
  // After answering: caching is a convenience and must not delay or fail the load. A failure
  // (quota, private mode) is logged; the bundle then simply does not appear in listCache.
  // The vision graphs this load did not run stay out of the stored copy (CacheEntry.omitted).
  // The graph that runs is stored first and its bytes dropped at once: held while the rest (a
  // text graph of hundreds of MB) is read, both were in memory together at the load's peak.
  storeBundle(model.key, source, manifest, {
    checked: e.fullyChecked ? [checkedKey(decision.backend, info.vision.name)] : [],
    omit: e.unreadFiles,
    first: [manifest.vision.file, ...(manifest.vision.externalData ?? [])],
    onStored: (path) => source.drop(path),
    held: (path) => source.holds(path),
  })
    .catch((err: unknown) => console.warn(`lexvla: could not cache ${manifest.name} for offline use: ${(err as Error).message}`))
    .finally(() => source.forget());
}
