/**
 * Bundle paths: relative, '/'-separated, never leaving the bundle folder. A bundle may come
 * from any URL or zip, so a path like "../secret.onnx" or "/etc/passwd" must never be read.
 */

/** Why a path is not a safe bundle path (the `expected` text of an issue), or null when it is fine. */
export function bundlePathProblem(path: string): string | null {
  if (path.includes('\\')) return "a path inside the bundle folder using '/' separators";
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'a path without control characters';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    return 'a path inside the bundle folder';
  }
  const segments = path.split('/');
  if (segments.includes('..')) return 'a path inside the bundle folder';
  if (segments.some((s) => s === '' || s === '.')) return "a path inside the bundle folder without empty or '.' segments";
  return null;
}

/** Joins a bundle directory and a path relative to it ('' = the bundle root). */
export function joinBundlePath(dir: string, path: string): string {
  return dir === '' ? path : `${dir}/${path}`;
}

/**
 * The graph refers to external data by a path relative to the graph file ("model.onnx.data"),
 * while the manifest lists it relative to the bundle root ("vision/model.onnx.data").
 */
export function relativeToModel(modelFile: string, dataFile: string): string {
  const dir = modelFile.includes('/') ? modelFile.slice(0, modelFile.lastIndexOf('/') + 1) : '';
  return dir !== '' && dataFile.startsWith(dir) ? dataFile.slice(dir.length) : dataFile;
}
