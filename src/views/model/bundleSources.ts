/** Turning what the user gave (folder files, a zip, a URL) into a bundle source message (pure). */
import type { BundleSourceMsg } from '../../bundle/source-msg';

interface PickedFile {
  /** Path inside the chosen folder, e.g. "lexvla-tiny/vision.onnx" (File.webkitRelativePath). */
  relativePath: string;
  file: Blob;
}

/**
 * Files of a chosen folder, with paths relative to the bundle folder's parent: the bundle folder
 * (the one holding the shallowest manifest.json; the user may pick it or its parent) stays the
 * first segment, because the worker names the bundle after it in messages and cache keys, and
 * strips it (rootPrefix) before reading.
 */
export function folderSource(picked: readonly PickedFile[]): BundleSourceMsg {
  const manifests = picked
    .map((p) => p.relativePath.split('/'))
    .filter((parts) => parts[parts.length - 1] === 'manifest.json')
    .sort((a, b) => a.length - b.length);
  if (manifests.length === 0) {
    const names = picked.slice(0, 5).map((p) => p.relativePath).join(', ');
    throw new Error(`The chosen folder has no manifest.json (found ${picked.length} files: ${names}${picked.length > 5 ? ', …' : ''}); choose the bundle's folder.`);
  }
  const rootParts = manifests[0].slice(0, -1);
  const prefix = rootParts.length ? `${rootParts.join('/')}/` : '';
  const parent = rootParts.length > 1 ? `${rootParts.slice(0, -1).join('/')}/` : '';
  const files = picked
    .filter((p) => p.relativePath.startsWith(prefix))
    .map((p) => ({ path: p.relativePath.slice(parent.length), file: p.file }));
  return { kind: 'files', files };
}

/** An absolute URL for the worker (its own base URL differs from the page's). Always ends in "/" unless it names a .zip. */
export function urlSource(input: string, base: string): BundleSourceMsg {
  const trimmed = input.trim();
  if (!trimmed) throw new Error('Bundle URL is empty; expected a URL such as /models/lexvla-tiny/');
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    throw new Error(`Bundle URL "${trimmed}" is not a valid URL`);
  }
  if (!/\.zip$/i.test(url.pathname) && !url.pathname.endsWith('/')) url.pathname += '/';
  return { kind: 'url', url: url.href };
}
