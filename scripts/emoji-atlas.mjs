/**
 * The scene composer's emoji atlas, made at build time (a Vite plugin, `emojiAtlas()` in
 * vite.config.ts): the 64 x 64 Noto Emoji images of the EmojiScenes classes
 * (data/emojiscenes/classes.json, the class table every EmojiScenes bundle draws its classes from),
 * read from the npm package the generator reads them from (emoji-datasource-google), packed into
 * one PNG with a JSON index of names, CLDR labels and tags (emojibase-data, via classes.json) in
 * the format src/composer/atlas.ts reads (parseAtlas). Served and emitted under composer/, with
 * the licence notice the images need (Apache-2.0). Nothing is copied into the repository: the
 * atlas is rebuilt from node_modules by every build.
 *
 * Plain JavaScript with explicit imports, so that Vite loads the config without bundling it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from 'fast-png';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EMOJI_PACKAGE = join(ROOT, 'node_modules', 'emoji-datasource-google');
/** The generator's sprite size (data/emojiscenes/classes.py reads img/google/64): the same source pixels. */
const CELL = 64;
/** Where the app finds the atlas, relative to its base URL. */
export const ATLAS_DIR = 'composer';
export const ATLAS_INDEX = 'emoji-atlas.json';
const ATLAS_IMAGE = 'emoji-atlas.png';
const NOTICE = 'NOTICE.md';
const LICENCE = 'LICENSE-APACHE-2.0.txt';

/** One sprite as 64 x 64 RGBA (uint8 [64, 64, 4]), whatever the PNG's own colour type. */
function readSprite(file, emoji) {
  let png;
  try {
    png = decode(readFileSync(file));
  } catch (e) {
    throw new Error(`${file}: the image of emoji ${emoji} could not be read (${e.message}); expected the npm package emoji-datasource-google (run npm ci)`);
  }
  if (png.width !== CELL || png.height !== CELL || png.depth !== 8) {
    throw new Error(`${file}: emoji ${emoji} is ${png.width} x ${png.height} at ${png.depth} bits, expected ${CELL} x ${CELL} at 8 bits`);
  }
  const out = new Uint8Array(CELL * CELL * 4);
  const c = png.channels;
  for (let i = 0; i < CELL * CELL; i++) {
    const px = png.palette ? png.palette[png.data[i]] : Array.from(png.data.subarray(i * c, i * c + c));
    const rgba = png.palette || c >= 3 ? [px[0], px[1], px[2], px[3] ?? 255] : [px[0], px[0], px[0], c === 2 ? px[1] : 255];
    // A fully transparent pixel's colour is never seen: zeroed, it compresses better.
    if (rgba[3] !== 0) out.set(rgba, i * 4);
  }
  return out;
}

/** Sprites in rows of `columns` (as square a sheet as fits them), in the class table's order. */
function pack(sprites, columns = Math.max(1, Math.ceil(Math.sqrt(sprites.length)))) {
  const rows = Math.max(1, Math.ceil(sprites.length / columns));
  const width = columns * CELL;
  const height = rows * CELL;
  const rgba = new Uint8Array(width * height * 4);
  const entries = sprites.map((s, i) => {
    const x = (i % columns) * CELL;
    const y = Math.floor(i / columns) * CELL;
    for (let r = 0; r < CELL; r++) rgba.set(s.rgba.subarray(r * CELL * 4, (r + 1) * CELL * 4), ((y + r) * width + x) * 4);
    return { emoji: s.emoji, name: s.name, label: s.label, tags: s.tags, x, y };
  });
  return { width, height, rgba, entries };
}

/** @returns {{ index: object, png: Uint8Array, notice: string, licence: string }} */
export function buildAtlas() {
  const table = JSON.parse(readFileSync(join(ROOT, 'data', 'emojiscenes', 'classes.json'), 'utf8'));
  const version = JSON.parse(readFileSync(join(EMOJI_PACKAGE, 'package.json'), 'utf8')).version;
  const sprites = table.classes.map((c) => ({
    emoji: c.unified,
    name: c.name,
    label: c.label,
    tags: c.tags,
    rgba: readSprite(join(EMOJI_PACKAGE, 'img', 'google', String(CELL), c.image), c.unified),
  }));
  const { width, height, rgba, entries } = pack(sprites);
  const source = `emoji-datasource-google ${version}, img/google/${CELL} (Noto Emoji by Google, Apache License 2.0; see ${NOTICE})`;
  const index = { format: 'lexvla-emoji-atlas', version: 1, image: ATLAS_IMAGE, cell: CELL, width, height, source, sprites: entries };
  const png = encode({ width, height, data: rgba, channels: 4, depth: 8 }, { zlib: { level: 9 } });
  const notice =
    `# Emoji images in the LexVLA Explorer's scene composer\n\n` +
    `${ATLAS_IMAGE} packs the ${sprites.length} ${CELL} x ${CELL} emoji images of the EmojiScenes classes, unchanged, ` +
    `from the npm package emoji-datasource-google ${version} (img/google/${CELL}): Google's Noto Emoji, under the ` +
    `Apache License 2.0 (${LICENCE}, beside this file). Their names, labels and tags (${ATLAS_INDEX}) come from ` +
    `data/emojiscenes/classes.json, built from emoji-datasource-google (MIT) and emojibase-data (MIT; CLDR, Unicode License).\n\n` +
    `Noto Emoji by Google, Apache License 2.0: https://github.com/googlefonts/noto-emoji\n\n` +
    `The notice EmojiScenes keeps with its data (data/emojiscenes/NOTICE.md) follows.\n\n` +
    readFileSync(join(ROOT, 'data', 'emojiscenes', 'NOTICE.md'), 'utf8');
  const licence = readFileSync(join(ROOT, 'data', 'emojiscenes', LICENCE), 'utf8');
  return { index, png, notice, licence };
}

/** The files under composer/, by name. */
function atlasFiles(a) {
  return {
    [ATLAS_INDEX]: { type: 'application/json', body: JSON.stringify(a.index) },
    [ATLAS_IMAGE]: { type: 'image/png', body: a.png },
    [NOTICE]: { type: 'text/markdown; charset=utf-8', body: a.notice },
    [LICENCE]: { type: 'text/plain; charset=utf-8', body: a.licence },
  };
}

/** Emits the atlas into the build and serves it from the dev server (built once, on first use). */
export function emojiAtlas() {
  let built = null;
  const files = () => atlasFiles((built ??= buildAtlas()));
  return {
    name: 'lexvla-emoji-atlas',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const prefix = `${server.config.base}${ATLAS_DIR}/`;
        const f = path.startsWith(prefix) ? files()[path.slice(prefix.length)] : undefined;
        if (!f) return next();
        res.setHeader('Content-Type', f.type);
        res.end(f.body);
      });
    },
    generateBundle() {
      for (const [name, f] of Object.entries(files())) this.emitFile({ type: 'asset', fileName: `${ATLAS_DIR}/${name}`, source: f.body });
    },
  };
}
