/** A bundle served over HTTP(S): files are fetched relative to the bundle's base URL. */
import { assertBundlePath, notFound, readStream, type BundleSource } from './source';
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
  return {
    name: baseUrl,
    async read(path, onProgress) {
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
      const url = urlOf(path);
      // no-store: a fragment kept in the HTTP cache could later be served in place of the file.
      const res = await get(url, 'GET', { Range: `bytes=0-${Math.max(0, n - 1)}` }, 'no-store');
      if (res.status === 404) throw notFound(baseUrl, path);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}, expected 200 OK or 206`);
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
    has: async (path) => (await head(urlOf(path))).ok,
    async size(path) {
      const res = await head(urlOf(path));
      // With Content-Encoding the length is the compressed size, not the file's.
      if (!res.ok || res.headers.get('content-encoding')) return null;
      const len = res.headers.get('content-length');
      return len === null ? null : Number(len);
    },
  };
}
