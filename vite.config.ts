/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { emojiAtlas } from './scripts/emoji-atlas.mjs';

/**
 * Cross-origin isolation on every response (dev and preview): onnxruntime-web's multi-threaded
 * WASM needs SharedArrayBuffer, which browsers only give to isolated pages.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Model files go out as they are. Vite's servers gzip any response whose type they do not know as
 * if it were text, .onnx included: on a 562 MB bundle that was seconds of server CPU per load, for
 * weights that barely compress, and without a Content-Length the page could not size its buffers.
 * Dropping Accept-Encoding for them (before the compression middleware) serves them plain.
 */
const BINARY = /\.(onnx|onnx_data|bin|data|zip)(\?|$)/i;
const plainBinary: Connect.NextHandleFunction = (req, _res, next) => {
  if (BINARY.test(req.url ?? '')) delete req.headers['accept-encoding'];
  next();
};
const binaryUncompressed: Plugin = {
  name: 'lexvla-binary-uncompressed',
  configureServer: (server) => void server.middlewares.use(plainBinary),
  configurePreviewServer: (server) => void server.middlewares.use(plainBinary),
};

/**
 * Cross-origin isolation where the server cannot send the headers (a plain static host: GitHub
 * Pages, `python3 -m http.server`, an S3 bucket): coi-serviceworker, loaded first by the page,
 * registers a same-origin service worker that adds COOP/COEP to every response, and reloads the
 * page once so that it is isolated. Where the server already sends the headers (Vite's dev and
 * preview servers) the script sees an isolated page and does nothing. Served next to
 * index.html, so the worker's scope is the app's folder.
 */
const COI_FILE = 'coi-serviceworker.js';
const coiSource = (): string => readFileSync(createRequire(import.meta.url).resolve(`coi-serviceworker/${COI_FILE}`), 'utf8');
const isolationFallback: Plugin = {
  name: 'lexvla-isolation-fallback',
  transformIndexHtml: () => [{ tag: 'script', attrs: { src: `./${COI_FILE}` }, injectTo: 'head-prepend' }],
  configureServer: (server) =>
    void server.middlewares.use((req, res, next) => {
      if (req.url?.split('?')[0] !== `/${COI_FILE}`) return next();
      res.setHeader('Content-Type', 'text/javascript');
      res.end(coiSource());
    }),
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: COI_FILE, source: coiSource() });
  },
};

export default defineConfig({
  plugins: [react(), binaryUncompressed, isolationFallback, emojiAtlas()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // onnxruntime-web loads its own .wasm/.mjs at run time; pre-bundling would break those paths.
  optimizeDeps: { exclude: ['onnxruntime-web', 'onnxruntime-web/wasm'] },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // The image decoders' WebAssembly, read from node_modules (the worker fetches it instead).
    setupFiles: ['cli/codecs-node.ts'],
    testTimeout: 60_000,
  },
});
