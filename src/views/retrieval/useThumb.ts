/**
 * Object URLs for gallery thumbnails: the bytes come from the worker once per (gallery, item)
 * and the browser decodes and scales them natively. The cache is cleared when the gallery
 * changes, revoking its URLs so the blobs can be freed. `galleryKey` must tell galleries apart
 * across models (every bundle's own gallery has the worker key 'bundle').
 */
import { useEffect, useState } from 'react';
import { useExplorer } from '../../state';

const cache = new Map<string, Promise<string | null>>();
let cachedGallery: string | null = null;

export function useThumb(galleryKey: string, item: number): string | null {
  const getBytes = useExplorer((s) => s.galleryItemBytes);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (cachedGallery !== galleryKey) {
      for (const p of cache.values()) void p.then((u) => u && URL.revokeObjectURL(u));
      cache.clear();
      cachedGallery = galleryKey;
    }
    const key = `${galleryKey}#${item}`;
    let p = cache.get(key);
    if (!p) {
      p = getBytes(item).then((got) => (got ? URL.createObjectURL(new Blob([got.bytes])) : null));
      cache.set(key, p);
    }
    let live = true;
    void p.then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [galleryKey, item, getBytes]);
  return url;
}
