/**
 * A bundle's own gallery (manifest `gallery`: precomputed vectors, no inference) as a searchable
 * Gallery: what the worker's retrieval panel opens and what `lexvla search` queries.
 */
import { loadGallery } from '../bundle/loaders';
import type { BundleSource } from '../bundle/source';
import type { Manifest, SparseVectorJson } from '../bundle/types';
import { Gallery, type GalleryItem, type RetrievalVector } from '../retrieval/gallery';
import { sparseFromJson } from './text';

export async function bundleGallery(source: BundleSource, manifest: Manifest): Promise<{ gallery: Gallery; images: string[] }> {
  const json = await loadGallery(source, manifest);
  const toVec = (v: SparseVectorJson | number[]): RetrievalVector => (Array.isArray(v) ? Float32Array.from(v) : sparseFromJson(v));
  const items: GalleryItem[] = json.items.map((it) => ({ id: it.id, name: it.image, captions: it.captions }));
  const gallery = new Gallery(manifest.kind, items, json.imageVectors.map(toVec), json.captionVectors.map(toVec));
  return { gallery, images: json.items.map((it) => it.image) };
}
