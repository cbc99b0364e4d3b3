/**
 * Where a bundle or an evaluation set comes from, as the page names it to the worker: plain
 * data (a URL, the files the user picked, a cache key) that crosses postMessage unchanged.
 * The worker opens a BundleSource (./source.ts) from it.
 */

export type BundleSourceMsg =
  | { kind: 'url'; url: string }
  /** A folder chosen by the user: files with their paths relative to the bundle root. */
  | { kind: 'files'; files: Array<{ path: string; file: Blob }> }
  | { kind: 'zip'; name: string; file: Blob }
  /** A bundle stored by an earlier visit (Cache Storage / IndexedDB). */
  | { kind: 'cached'; key: string };

/**
 * The key a loaded bundle is cached under (ModelInfo.key), one per origin of the bundle: the
 * worker stores under it, and the page looks a failed URL up under it.
 */
export function cacheKey(src: BundleSourceMsg): string {
  switch (src.kind) {
    case 'url': return `url:${src.url}`;
    case 'zip': return `zip:${src.name}:${src.file.size}`;
    case 'files': return `folder:${src.files[0]?.path.split('/')[0] ?? ''}:${src.files.reduce((s, f) => s + f.file.size, 0)}`;
    case 'cached': return src.key;
  }
}

/** An evaluation set (docs/eval-set-format.md): a folder the user picked, or the bundle's own (manifest `eval`). */
export type EvalSourceMsg =
  | { kind: 'files'; files: Array<{ path: string; file: Blob }> }
  | { kind: 'bundle' };
