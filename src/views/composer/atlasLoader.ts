/**
 * The emoji atlas from the app's own origin (composer/, made at build time by
 * scripts/emoji-atlas.mjs): its index checked, its PNG decoded once (fast-png, so the pixels are
 * exactly the file's: a canvas would premultiply and round them), on first use.
 */
import { decode } from 'fast-png';
import { EmojiAtlas, parseAtlas } from '../../composer/atlas';

const DIR = 'composer/';
const INDEX = 'emoji-atlas.json';

export const atlasUrl = (file: string): string => `${import.meta.env.BASE_URL}${DIR}${file}`;

let loading: Promise<EmojiAtlas> | null = null;

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}, expected the emoji atlas the build writes (npx vite build)`);
  return res;
}

export function loadEmojiAtlas(): Promise<EmojiAtlas> {
  loading ??= (async () => {
    const url = atlasUrl(INDEX);
    const index = parseAtlas(await (await fetchOk(url)).json(), url);
    const png = decode(new Uint8Array(await (await fetchOk(atlasUrl(index.image))).arrayBuffer()));
    if (png.channels !== 4 || png.depth !== 8) throw new Error(`${atlasUrl(index.image)}: a ${png.depth}-bit ${png.channels}-channel PNG, expected 8-bit RGBA`);
    return new EmojiAtlas(index, png.data);
  })().catch((e: unknown) => {
    loading = null; // a failed load (offline, a missing file) may succeed on the next try
    throw e;
  });
  return loading;
}
