/**
 * Object URLs for gallery thumbnails: the bytes come from a worker once per (gallery, item)
 * and the browser decodes and scales them natively. `galleryKey` must tell galleries apart
 * across models and workers (every bundle's own gallery has the worker key 'bundle'). Up to
 * KEEP galleries stay cached (the Compare view shows two at once); older ones are dropped and
 * their URLs revoked so the blobs can be freed.
 */
import { useEffect, useState } from 'react';
import { useExplorer } from '../../state';

export type ThumbBytes = (item: number) => Promise<{ name: string; bytes: ArrayBuffer } | null>;

const KEEP = 3;
const caches = new Map<string, Map<number, Promise<string | null>>>(); // oldest first

function cacheFor(galleryKey: string): Map<number, Promise<string | null>> {
  let c = caches.get(galleryKey);
  if (c) {
    caches.delete(galleryKey); // re-insert: most recently used last
    caches.set(galleryKey, c);
    return c;
  }
  c = new Map();
  caches.set(galleryKey, c);
  while (caches.size > KEEP) {
    const [oldest, old] = caches.entries().next().value!;
    for (const p of old.values()) void p.then((u) => u && URL.revokeObjectURL(u));
    caches.delete(oldest);
  }
  return c;
}

/** `fetchBytes`: where the bytes come from (default: the inspector's worker). */
export function useThumb(galleryKey: string, item: number, fetchBytes?: ThumbBytes): string | null {
  const mainBytes = useExplorer((s) => s.galleryItemBytes);
  const getBytes = fetchBytes ?? mainBytes;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const cache = cacheFor(galleryKey);
    let p = cache.get(item);
    if (!p) {
      p = getBytes(item).then((got) => (got ? URL.createObjectURL(new Blob([got.bytes])) : null));
      cache.set(item, p);
    }
    let live = true;
    void p.then((u) => live && setUrl(u));
    return () => {
      live = false;
    };
  }, [galleryKey, item, getBytes]);
  return url;
}
