/**
 * Galleries the user indexed, kept in IndexedDB (idb-keyval) so they survive a reload:
 * 'meta:<key>' the description, 'vec:<key>' the packed vectors (sparse for lexical models),
 * 'img:<key>:<i>' each original image as a Blob. The description is written last and deleted
 * first, so a half-written or half-removed gallery is never listed.
 * memoryGalleryStore is the same contract in memory, for tests and for browsers without IndexedDB.
 */
import type { GalleryInfo } from '../retrieval/messages';
import { createStore, del, delMany, get, getMany, keys, set, type UseStore } from 'idb-keyval';
import type { Packed } from '../retrieval/packed';

export interface StoredMeta extends GalleryInfo {
  modelName: string;
  /** modelFingerprint() of the manifest the vectors were made with. */
  modelFingerprint: string;
  /** File name of each item, in order. */
  itemNames: string[];
}

export interface GalleryStore {
  list(): Promise<StoredMeta[]>;
  save(meta: StoredMeta, vectors: Packed, images: Blob[]): Promise<void>;
  load(key: string): Promise<{ meta: StoredMeta; vectors: Packed } | null>;
  image(key: string, item: number): Promise<Blob | null>;
  remove(key: string): Promise<void>;
}

export function idbGalleryStore(): GalleryStore {
  let db: UseStore | null = null;
  const store = () => {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here, so indexed galleries cannot be kept');
    return (db ??= createStore('lexvla-galleries', 'galleries'));
  };
  return {
    async list() {
      const metaKeys = (await keys<string>(store())).filter((k) => k.startsWith('meta:'));
      return (await getMany<StoredMeta>(metaKeys, store())).filter((m): m is StoredMeta => m !== undefined);
    },
    async save(meta, vectors, images) {
      for (const [i, blob] of images.entries()) await set(`img:${meta.key}:${i}`, blob, store());
      await set(`vec:${meta.key}`, vectors, store());
      await set(`meta:${meta.key}`, meta, store());
    },
    async load(key) {
      const [meta, vectors] = await getMany([`meta:${key}`, `vec:${key}`], store());
      return meta && vectors ? { meta: meta as StoredMeta, vectors: vectors as Packed } : null;
    },
    async image(key, item) {
      return (await get<Blob>(`img:${key}:${item}`, store())) ?? null;
    },
    async remove(key) {
      await del(`meta:${key}`, store());
      const mine = (await keys<string>(store())).filter((k) => k === `vec:${key}` || k.startsWith(`img:${key}:`));
      await delMany(mine, store());
    },
  };
}

export function memoryGalleryStore(): GalleryStore {
  const data = new Map<string, { meta: StoredMeta; vectors: Packed; images: Blob[] }>();
  return {
    list: async () => [...data.values()].map((d) => d.meta),
    save: async (meta, vectors, images) => void data.set(meta.key, { meta, vectors, images }),
    load: async (key) => {
      const d = data.get(key);
      return d ? { meta: d.meta, vectors: d.vectors } : null;
    },
    image: async (key, item) => data.get(key)?.images[item] ?? null,
    remove: async (key) => void data.delete(key),
  };
}
