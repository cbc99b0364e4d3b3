/**
 * The worker's galleries: the one open gallery, indexing a folder (cancellable), the stored
 * ones, search with "why this match", and export. Independent of the Engine through
 * RetrievalModelPort, so tests drive it with a fake encoder and an in-memory store.
 */
import type { BundleSource } from '../bundle/source';
import type { Manifest } from '../bundle/types';
import type { SparseVector, SparsifyRule } from '../lexical/sparse';
import { sparseWordList } from '../lexical/word-list';
import { EngineError, toWorkerError } from '../model/errors';
import { bundleGallery } from '../model/bundle-gallery';
import type { RetrievalEncoder } from '../retrieval/evaluate';
import { explainMatch } from '../retrieval/explain';
import { exportIndex, type ExportFormat, type IndexExport } from '../retrieval/export';
import { Gallery, type GalleryItem, type RetrievalVector } from '../retrieval/gallery';
import type { GalleryInfo, RetrievalHitMsg, RetrievalQueryMsg, RetrievalResultMsg, RetrievalTarget, StoredGalleryInfo } from '../retrieval/messages';
import { packDense, packedBytes, packSparse, unpackDense, unpackSparse } from '../retrieval/packed';
import type { GalleryStore, StoredMeta } from './gallery-store';

/** What the service needs from the loaded model. */
export interface RetrievalModelPort {
  /** The loaded manifest (identity changes on every load), or null. */
  manifest(): Manifest | null;
  source(): BundleSource;
  encoder(): RetrievalEncoder;
  /** The inspected image's retrieval vector; throws 'no-image' when there is none. */
  currentImageVector(): RetrievalVector;
  words(): readonly string[] | null;
  rule(): SparsifyRule | null;
}

interface Active {
  gallery: Gallery;
  info: GalleryInfo;
  manifest: Manifest;
  image(item: number): Promise<Uint8Array>;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp)$/i;
const now = (): number => globalThis.performance.now();

/** FNV-1a over what makes vectors comparable: the model's name, kind, width and files. */
function modelFingerprint(m: Manifest): string {
  const s = JSON.stringify([m.name, m.kind, m.vocabulary?.size ?? null, m.embeddingDim ?? null, m.files]);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function meanActive(g: Gallery): number | null {
  if (g.kind !== 'lexical' || g.size === 0) return null;
  return g.imageVectors.reduce((s, v) => s + (v as SparseVector).indices.length, 0) / g.size;
}

export class RetrievalService {
  private active: Active | null = null;
  private readonly jobs = new Map<string, AbortController>();

  constructor(private readonly model: RetrievalModelPort, private readonly store: GalleryStore) {}

  /** The bundle's own gallery: precomputed vectors (manifest `gallery`), images read from the bundle. */
  async openBundle(): Promise<GalleryInfo> {
    const manifest = this.requireManifest();
    if (!manifest.gallery) throw new EngineError('no-gallery', `${manifest.name} has no gallery (manifest.json gallery is absent); index a folder of images instead`);
    const source = this.model.source();
    const { gallery, images } = await bundleGallery(source, manifest);
    const items = gallery.items;
    const vectors = manifest.kind === 'lexical' ? packSparse(gallery.imageVectors as SparseVector[]) : packDense(gallery.imageVectors as Float32Array[], manifest.embeddingDim ?? 0);
    const info: GalleryInfo = {
      key: 'bundle', name: `${manifest.name} gallery`, origin: 'bundle', kind: manifest.kind, items: items.length,
      captions: gallery.captionVectors.length, meanActive: meanActive(gallery), vectorBytes: packedBytes(vectors),
      rule: manifest.sparsify ?? null, createdAt: manifest.provenance.date, skipped: [],
    };
    this.active = { gallery, info, manifest, image: (i) => source.read(images[i]) };
    return info;
  }

  /**
   * Encodes every image file (others are skipped and listed), stores the gallery, opens it.
   * Progress after each file; `cancel(job)` stops it before the next file with code 'cancelled'.
   */
  async indexFolder(job: string, name: string, files: Array<{ name: string; file: Blob }>, onProgress: (done: number, total: number, label: string) => void): Promise<GalleryInfo> {
    const manifest = this.requireManifest();
    const abort = new AbortController();
    this.jobs.set(job, abort);
    try {
      const encoder = this.model.encoder();
      const items: GalleryItem[] = [];
      const vectors: RetrievalVector[] = [];
      const blobs: Blob[] = [];
      const skipped: string[] = [];
      for (const [i, f] of files.entries()) {
        if (abort.signal.aborted) throw new EngineError('cancelled', `Indexing ${name} was cancelled after ${i} of ${files.length} files; nothing was stored.`);
        if (!IMAGE_NAME.test(f.name) && !f.file.type.startsWith('image/')) {
          skipped.push(`${f.name}: not an image file`);
        } else {
          try {
            vectors.push(await encoder.encodeImage(new Uint8Array(await f.file.arrayBuffer()), f.name));
            items.push({ id: f.name, name: f.name, captions: [] });
            blobs.push(f.file);
          } catch (e) {
            const err = toWorkerError(e);
            if (err.code !== 'bad-image') throw e;
            skipped.push(err.message);
          }
        }
        onProgress(i + 1, files.length, f.name);
      }
      if (items.length === 0) throw new EngineError('bad-image', `${name}: none of its ${files.length} files is a usable image${skipped.length ? ` (${skipped[0]})` : ''}`);
      if (this.model.manifest() !== manifest) throw new EngineError('cancelled', `Indexing ${name} stopped: another model was loaded meanwhile.`);
      const gallery = new Gallery(manifest.kind, items, vectors, []);
      const packed = manifest.kind === 'lexical' ? packSparse(vectors as SparseVector[]) : packDense(vectors as Float32Array[], manifest.embeddingDim ?? 0);
      const rule = this.model.rule();
      const meta: StoredMeta = {
        key: `${Date.now().toString(36)}-${job}`, name, origin: 'folder', kind: manifest.kind, items: items.length, captions: 0,
        meanActive: meanActive(gallery), vectorBytes: packedBytes(packed), rule: rule ? { ...rule } : null,
        createdAt: new Date().toISOString(), skipped, modelName: manifest.name, modelFingerprint: modelFingerprint(manifest),
        itemNames: items.map((it) => it.name),
      };
      await this.store.save(meta, packed, blobs);
      this.active = { gallery, info: strip(meta), manifest, image: async (i) => new Uint8Array(await blobs[i].arrayBuffer()) };
      return strip(meta);
    } finally {
      this.jobs.delete(job);
    }
  }

  async openStored(key: string): Promise<GalleryInfo> {
    const manifest = this.requireManifest();
    const stored = await this.store.load(key);
    if (!stored) throw new EngineError('no-gallery', `No stored gallery "${key}": it was removed. Index the folder again.`);
    const { meta, vectors } = stored;
    if (meta.modelFingerprint !== modelFingerprint(manifest)) {
      throw new EngineError('no-gallery', `The gallery "${meta.name}" was indexed with ${meta.modelName}; its vectors mean nothing to ${manifest.name}. Load ${meta.modelName} or index the folder again.`);
    }
    const vecs = vectors.kind === 'sparse' ? unpackSparse(vectors) : unpackDense(vectors);
    if (meta.itemNames.length !== vecs.length) throw new EngineError('internal', `The stored gallery "${meta.name}" has ${vecs.length} vectors for ${meta.itemNames.length} images; remove it and index the folder again.`);
    const items: GalleryItem[] = meta.itemNames.map((n) => ({ id: n, name: n, captions: [] }));
    const gallery = new Gallery(meta.kind, items, vecs, []);
    this.active = {
      gallery, info: strip(meta), manifest,
      image: async (i) => {
        const blob = await this.store.image(key, i);
        if (!blob) throw new EngineError('internal', `The stored gallery "${meta.name}" lost image ${i + 1}; remove it and index the folder again.`);
        return new Uint8Array(await blob.arrayBuffer());
      },
    };
    return strip(meta);
  }

  async list(): Promise<StoredGalleryInfo[]> {
    const fp = this.model.manifest() ? modelFingerprint(this.model.manifest()!) : null;
    return (await this.store.list())
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((m) => ({ ...strip(m), modelName: m.modelName, matchesModel: m.modelFingerprint === fp }));
  }

  async remove(key: string): Promise<void> {
    await this.store.remove(key);
    if (this.active?.info.key === key) this.active = null;
  }

  cancel(job: string): boolean {
    const j = this.jobs.get(job);
    j?.abort();
    return j !== undefined;
  }

  /** Registers an outside job (the recall evaluation) so cancel(job) reaches it. */
  track(job: string): { signal: AbortSignal; done(): void } {
    const abort = new AbortController();
    this.jobs.set(job, abort);
    return { signal: abort.signal, done: () => this.jobs.delete(job) };
  }

  async image(item: number): Promise<{ name: string; bytes: Uint8Array }> {
    const a = this.requireActive();
    if (!Number.isInteger(item) || item < 0 || item >= a.gallery.size) throw new EngineError('internal', `gallery item ${item} does not exist, expected an index in [0, ${a.gallery.size - 1}]`);
    return { name: a.gallery.items[item].name, bytes: await a.image(item) };
  }

  async search(query: RetrievalQueryMsg, target: RetrievalTarget, k: number, explainN: number): Promise<RetrievalResultMsg> {
    const t0 = now();
    const a = this.requireActive();
    const g = a.gallery;
    if (target === 'captions' && g.captionVectors.length === 0) {
      throw new EngineError('no-gallery', `${a.info.name} has no captions to search; image -> text needs a gallery with captions (a bundle's own gallery)`);
    }
    let q: RetrievalVector;
    if (query.kind === 'text') {
      if (query.text.trim() === '') throw new EngineError('internal', 'the query is empty, expected a word, several words or a caption');
      q = await this.model.encoder().encodeText(query.text.trim());
    } else {
      q = this.model.currentImageVector();
    }
    const words = this.model.words();
    const hits = target === 'images' ? g.searchImages(q, k) : g.searchCaptions(q, k);
    const out: RetrievalHitMsg[] = hits.map((h, rank) => {
      const item = target === 'images' ? h.id : g.captionOwner[h.id];
      const d = target === 'images' ? g.imageVectors[h.id] : g.captionVectors[h.id];
      const why = g.kind === 'lexical' && words && explainN > 0
        ? explainMatch(q as SparseVector, d as SparseVector, explainN).top.map((c) => ({ index: c.index, word: words[c.index] ?? `#${c.index}`, value: c.value }))
        : [];
      return { rank: rank + 1, score: h.score, item, itemId: g.items[item].id, name: g.items[item].name, caption: target === 'captions' ? g.captionText(h.id) : null, why };
    });
    const queryWords = g.kind === 'lexical' && words ? sparseWordList(q as SparseVector, words, 30) : null;
    return { query, target, queryWords, hits: out, ms: now() - t0 };
  }

  /** The open gallery's image vectors for a search engine (lexical only). */
  exportActive(format: ExportFormat): IndexExport {
    const a = this.requireActive();
    const words = this.model.words();
    if (a.gallery.kind !== 'lexical' || !words) throw new EngineError('no-vocabulary', `${a.info.name} holds dense vectors; the search-engine export writes sparse lexical vectors only`);
    const docs = a.gallery.items.map((it, i) => ({ id: it.id, image: it.name, captions: it.captions, vector: a.gallery.imageVectors[i] as SparseVector }));
    return exportIndex(format, docs, words);
  }

  /** The open gallery's lexical vectors with the vocabulary (vocabulary usage, vocab-service.ts). */
  lexicalActive(): { gallery: Gallery; name: string; words: readonly string[] } {
    const a = this.requireActive();
    const words = this.model.words();
    if (a.gallery.kind !== 'lexical' || !words) throw new EngineError('no-vocabulary', `${a.info.name} holds dense vectors: vocabulary usage needs a lexical model's gallery`);
    return { gallery: a.gallery, name: a.info.name, words };
  }

  private requireManifest(): Manifest {
    const m = this.model.manifest();
    if (!m) throw new EngineError('no-model', 'No model is loaded: load a bundle first.');
    return m;
  }

  private requireActive(): Active {
    const m = this.requireManifest();
    if (this.active && this.active.manifest !== m) this.active = null; // vectors of another model mean nothing here
    if (!this.active) throw new EngineError('no-gallery', `No gallery is open for ${m.name}: open the bundle's gallery or index a folder of images first.`);
    return this.active;
  }
}

function strip(m: StoredMeta): GalleryInfo {
  const { modelName: _n, modelFingerprint: _f, itemNames: _i, ...info } = m;
  void [_n, _f, _i];
  return info;
}
