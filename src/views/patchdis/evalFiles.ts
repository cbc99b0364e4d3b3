/** A file of a picked evaluation-set folder, by its path relative to the set (where evalset.json is). */
import type { EvalSourceMsg } from '../../bundle/source-msg';

export function evalSetFile(source: EvalSourceMsg, path: string): Blob | null {
  if (source.kind !== 'files') return null;
  const clean = (p: string) => p.replace(/^(\.\/|\/)+/, '');
  const manifest = source.files.map((f) => clean(f.path)).filter((p) => p === 'evalset.json' || p.endsWith('/evalset.json')).sort((a, b) => a.length - b.length)[0];
  if (manifest === undefined) return null;
  const dir = manifest.slice(0, Math.max(0, manifest.lastIndexOf('/')));
  const want = dir === '' ? path : `${dir}/${path}`;
  return source.files.find((f) => clean(f.path) === want)?.file ?? null;
}

/** <input webkitdirectory> files -> the protocol's folder listing (paths include the folder's name). */
export function pickedFiles(list: FileList): Array<{ path: string; file: Blob }> {
  return Array.from(list, (f) => ({ path: f.webkitRelativePath || f.name, file: f }));
}
