/** What the page URL asks for at start: `?bundle=<url>` (else the default bundle), `?backend=` and `?variant=`. */
import type { BundleSourceMsg } from '../bundle/source-msg';
import type { BackendChoice } from '../model/backend';
import { urlSource } from '../views/model/bundleSources';

/** The project's own model, served with the app. No fallback: if it is missing, the page says so. */
const DEFAULT_BUNDLE = 'models/lexvla-tiny/';

interface StartRequest {
  source: BundleSourceMsg;
  backend: BackendChoice | null;
  /** The vision graph to run ("exact" or a variant's name, src/bundle/vision-graphs.ts); null: auto. */
  variant: string | null;
}

export function startRequest(pageUrl: string, baseUrl: string): StartRequest {
  const params = new URL(pageUrl).searchParams;
  const bundle = params.get('bundle');
  const source = urlSource(bundle ?? DEFAULT_BUNDLE, bundle ? pageUrl : new URL(baseUrl, pageUrl).href);
  const b = params.get('backend');
  const backend = b === 'auto' || b === 'wasm' || b === 'webgpu' ? b : null;
  const variant = params.get('variant');
  return { source, backend, variant: variant !== null && variant !== '' ? variant : null };
}
