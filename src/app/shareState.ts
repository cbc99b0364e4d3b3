/**
 * What a shared link carries: the bundle, the tab, the selection, the text queries,
 * the sparsity rule, the whole-words switch, PatchDis/compare inputs and a composed scene, as URL
 * query parameters. Pure: encode and decode are inverse on valid states (shareState.test.ts), and a
 * bad parameter is dropped, never fatal, so an edited link still opens. The scene is kept as
 * written: restoring it says what is wrong with it (decodeScene), since a scene is too much to drop
 * in silence.
 */
import type { Region } from '../state';
import { isViewTab } from '../state/viewSlice';
import type { ViewTab } from '../state/viewTypes';

export interface ShareState {
  bundle?: string;
  backend?: string;
  /** The vision graph ("exact" or a variant's name); absent: auto. */
  variant?: string;
  view?: ViewTab;
  /** A sample (or gallery) path the app can fetch again, e.g. "samples/scene-0001.png". */
  image?: string;
  pinned?: number;
  region?: Region;
  queries?: string[];
  threshold?: number;
  /** null: no cap. */
  topK?: number | null;
  /** Word pieces read as words (the views' switch; off is left out of the link). */
  wholeWords?: true;
  classes?: string[];
  compareQuery?: string;
  compareBundle?: string;
  /** A composed scene (src/composer/scene-url.ts), shown as the image. */
  scene?: string;
}

const list = (v: string[]) => v.map(encodeURIComponent).join(',');
const unlist = (v: string) => v.split(',').filter((x) => x !== '').map(decodeURIComponent);

/** Parameters in a fixed order, so the same state always gives the same link. */
export function encodeShareState(s: ShareState): string {
  const p = new URLSearchParams();
  if (s.bundle) p.set('bundle', s.bundle);
  if (s.backend) p.set('backend', s.backend);
  if (s.variant) p.set('variant', s.variant);
  if (s.view && s.view !== 'inspect') p.set('view', s.view);
  if (s.image) p.set('image', s.image);
  if (s.pinned !== undefined) p.set('patch', String(s.pinned));
  if (s.region) p.set('region', [s.region.r0, s.region.c0, s.region.r1, s.region.c1].join(','));
  if (s.queries && s.queries.length > 0) p.set('q', list(s.queries));
  if (s.threshold !== undefined) p.set('threshold', String(s.threshold));
  if (s.topK !== undefined) p.set('topk', s.topK === null ? 'none' : String(s.topK));
  if (s.wholeWords) p.set('words', 'whole');
  if (s.classes && s.classes.length > 0) p.set('classes', list(s.classes));
  if (s.compareQuery) p.set('cq', s.compareQuery);
  if (s.compareBundle) p.set('compare', s.compareBundle);
  if (s.scene) p.set('scene', s.scene);
  return p.toString();
}

const int = (v: string | null): number | undefined => (v !== null && /^\d+$/.test(v) ? Number(v) : undefined);

export function decodeShareState(search: string): ShareState {
  const p = new URLSearchParams(search);
  const s: ShareState = {};
  const str = (k: string) => p.get(k) ?? undefined;
  s.bundle = str('bundle');
  s.backend = str('backend');
  s.variant = str('variant');
  const view = p.get('view');
  if (isViewTab(view)) s.view = view;
  const image = p.get('image');
  // Only the app's own files: a link must not make the page fetch from elsewhere.
  if (image && /^samples\/[\w.-]+$/.test(image)) s.image = image;
  s.pinned = int(p.get('patch'));
  const r = p.get('region')?.split(',').map((x) => int(x));
  if (r && r.length === 4 && r.every((x) => x !== undefined)) s.region = { r0: r[0]!, c0: r[1]!, r1: r[2]!, c1: r[3]! };
  if (p.get('q')) s.queries = unlist(p.get('q')!);
  const t = Number(p.get('threshold'));
  if (p.get('threshold') !== null && Number.isFinite(t) && t >= 0) s.threshold = t;
  const k = p.get('topk');
  if (k === 'none') s.topK = null;
  else if (int(k) !== undefined && int(k)! > 0) s.topK = int(k);
  if (p.get('words') === 'whole') s.wholeWords = true;
  if (p.get('classes')) s.classes = unlist(p.get('classes')!);
  s.compareQuery = str('cq');
  s.compareBundle = str('compare');
  s.scene = p.get('scene') || undefined;
  for (const key of Object.keys(s) as Array<keyof ShareState>) if (s[key] === undefined) delete s[key];
  return s;
}
