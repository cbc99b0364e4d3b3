/** A bundle served over HTTP(S): files are fetched relative to the bundle's base URL. */
import { assertBundlePath, notFound, readStream, type BundleSource, type ProgressFn } from './source';
import { MANIFEST_FILE } from './types';

/**
 * Dev and preview servers (Vite's included) answer a missing file with 200 and the app's
 * index.html, so "no bundle at this URL" arrives as an HTML page where manifest.json should be.
 * Said plainly here instead of surfacing as a JSON parse error.
 */
function htmlInsteadOfManifest(url: string, contentType: string | null, bytes: Uint8Array): Error | null {
  const isHtml = contentType?.toLowerCase().includes('text/html') || /^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)));
  return isHtml ? new Error(`${url}: no bundle here (the server answered with an HTML page, not JSON); check the bundle URL`) : null;
}

/** What `size` reads of each file: enough for a PNG or JPEG header and an ONNX model's first fields. */
const HEAD_BYTES = 4096;

export function sourceFromUrl(baseUrl: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): BundleSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const urlOf = (path: string) => {
    assertBundlePath(baseUrl, path);
    return base + path.split('/').map(encodeURIComponent).join('/');
  };
  const get = async (url: string, method: 'GET' | 'HEAD', headers?: Record<string, string>, cache?: RequestCache): Promise<Response> => {
    try {
      return await fetchImpl(url, { method, headers, ...(cache ? { cache } : {}) });
    } catch (e) {
      throw new Error(`${url}: network error (${(e as Error).message}), expected the bundle server to answer`);
    }
  };
  /** HEAD, falling back to GET for servers that refuse HEAD (the body is then discarded). */
  const head = async (url: string): Promise<Response> => {
    const res = await get(url, 'HEAD');
    if (res.status !== 405 && res.status !== 501) return res;
    const full = await get(url, 'GET');
    await full.body?.cancel();
    return full;
  };
  let whole: { path: string; bytes: Promise<Uint8Array> } | null = null;
  /** Each file's first bytes and whole length, as `size` learnt them. */
  const heads = new Map<string, { bytes: Uint8Array; total: number }>();
  /**
   * GET with a Range header; null when the server answers 416 Range Not Satisfiable, i.e. the
   * range starts at or past the end: an empty file (which a validator reports as such, not as an
   * HTTP error), or a read past the end.
   */
  const rangeRequest = async (path: string, offset: number, length: number): Promise<Response | null> => {
    const url = urlOf(path);
    if (length <= 0) return null;
    // no-store: a fragment kept in the HTTP cache could later be served in place of the file.
    const res = await get(url, 'GET', { Range: `bytes=${offset}-${offset + length - 1}` }, 'no-store');
    if (res.status === 404) throw notFound(baseUrl, path);
    if (res.status === 416) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}, expected 200 OK or 206`);
    return res;
  };
  return {
    name: baseUrl,
    async read(path, onProgress) {
      if (whole?.path === path) {
        const bytes = await whole.bytes;
        whole = null;
        onProgress?.(bytes.length, bytes.length);
        return bytes;
      }
      const url = urlOf(path);
      // The manifest is what tells an unchanged bundle from a new one (src/worker/bundle-cache.ts
      // `unchangedCopy`): always asked of the server (a 304 is fine), never taken from the HTTP
      // cache on its own say-so.
      let res = await get(url, 'GET', undefined, path === MANIFEST_FILE ? 'no-cache' : undefined);
      // A whole file must come back as a 200. A 206 here means a cache answered with a stored
      // fragment (e.g. of readHead's range); seen in Chromium as "protobuf parsing failed" on a
      // later graph load. Ask the network again, bypassing the HTTP cache.
      if (res.status === 206) {
        await res.body?.cancel();
        res = await get(url, 'GET', undefined, 'reload');
      }
      if (res.status === 404) throw notFound(baseUrl, path);
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}, expected 200 OK`);
      const total = Number(res.headers.get('content-length') ?? 0) || 0;
      let bytes: Uint8Array;
      if (!res.body) {
        bytes = new Uint8Array(await res.arrayBuffer());
        onProgress?.(bytes.length, bytes.length);
      } else {
        bytes = await readStream(res.body, total, onProgress);
      }
      const html = path === MANIFEST_FILE ? htmlInsteadOfManifest(url, res.headers.get('content-type'), bytes) : null;
      if (html) throw html;
      if (total > 0 && !res.headers.get('content-encoding') && bytes.length !== total) {
        throw new Error(`${url}: received ${bytes.length} bytes, expected ${total} (Content-Length); the download was cut short, try again`);
      }
      return bytes;
    },
    /** A Range request; a server that ignores Range sends everything, of which only the start is read. */
    async readHead(path, n) {
      const known = heads.get(path);
      if (known && (n <= known.bytes.length || known.bytes.length >= known.total)) return known.bytes.subarray(0, n);
      const res = await rangeRequest(path, 0, n);
      if (res === null) return new Uint8Array(0);
      if (!res.body) return new Uint8Array(await res.arrayBuffer()).subarray(0, n);
      const reader = res.body.getReader();
      const out = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const { done, value } = await reader.read();
        if (done) break;
        const take = Math.min(value.length, n - got);
        out.set(value.subarray(0, take), got);
        got += take;
      }
      await reader.cancel().catch(() => undefined);
      return out.subarray(0, got);
    },
    /**
     * A Range request for [offset, offset + length). A server that ignores Range answers with the
     * whole file: it is then kept (one file at a time) for the next ranges of the same walk.
     */
    async readRange(path, offset, length) {
      if (whole?.path === path) return (await whole.bytes).subarray(offset, offset + length);
      const res = await rangeRequest(path, offset, length);
      if (res === null) return new Uint8Array(0);
      if (res.status === 200) {
        const total = Number(res.headers.get('content-length') ?? 0) || 0;
        whole = { path, bytes: res.body ? readStream(res.body, total) : res.arrayBuffer().then((b) => new Uint8Array(b)) };
        return (await whole.bytes).subarray(offset, offset + length);
      }
      return new Uint8Array(await res.arrayBuffer()).subarray(0, length);
    },
    has: async (path) => heads.has(path) || (await head(urlOf(path))).ok,
    /**
     * The size, from a request for the file's first HEAD_BYTES (its Content-Range gives the
     * whole length): the validator wants the start of many files too (graphs, masks, images),
     * and this way one request answers both. A server that ignores Range, or compresses,
     * is asked with HEAD instead.
     */
    async size(path) {
      const res = await rangeRequest(path, 0, HEAD_BYTES).catch(() => undefined);
      if (res === null) {
        heads.set(path, { bytes: new Uint8Array(0), total: 0 }); // 416: an empty file
        return 0;
      }
      const total = /\/(\d+)$/.exec(res?.headers.get('content-range') ?? '')?.[1];
      if (res?.status === 206 && total !== undefined && !res.headers.get('content-encoding')) {
        heads.set(path, { bytes: new Uint8Array(await res.arrayBuffer()), total: Number(total) });
        return Number(total);
      }
      await res?.body?.cancel().catch(() => undefined);
      const h = await head(urlOf(path));
      // With Content-Encoding the length is the compressed size, not the file's.
      if (!h.ok || h.headers.get('content-encoding')) return null;
      const len = h.headers.get('content-length');
      return len === null ? null : Number(len);
    },
  };
}

/** A `?bundle=` URL naming a zip of a bundle rather than its folder (the path ends in .zip). */
export function isZipUrl(url: string): boolean {
  try {
    return new URL(url, 'http://x/').pathname.toLowerCase().endsWith('.zip');
  } catch {
    return false;
  }
}

/** The whole file at `url` (a zipped bundle), with progress; a cut-short download is an error. */
export async function fetchBytes(url: string, onProgress?: ProgressFn, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (e) {
    throw new Error(`${url}: network error (${(e as Error).message}), expected the bundle server to answer`);
  }
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}, expected 200 OK`);
  const total = Number(res.headers.get('content-length') ?? 0) || 0;
  const bytes = res.body ? await readStream(res.body, total, onProgress) : new Uint8Array(await res.arrayBuffer());
  if (total > 0 && !res.headers.get('content-encoding') && bytes.length !== total) {
    throw new Error(`${url}: received ${bytes.length} bytes, expected ${total} (Content-Length); the download was cut short, try again`);
  }
  return bytes;
}
