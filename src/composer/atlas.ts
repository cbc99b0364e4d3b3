/**
 * The emoji atlas: every sprite the composer can draw, packed at build time into one PNG
 * (scripts/emoji-atlas.mjs) with a JSON index of where each emoji sits and what it is called.
 * parseAtlas checks an index as the page reads it, naming the file, the field, the value and
 * what was expected; EmojiAtlas cuts the sprites out.
 */
import { EMOJI_CODE } from '../bundle/manifest-trained-on';
import { spriteFrom, type Sprite } from './sprite';

export const ATLAS_FORMAT = 'lexvla-emoji-atlas';

export interface AtlasEntry {
  /** Code points, upper-case hexadecimal joined by "-", e.g. "2708-FE0F". */
  emoji: string;
  /** EmojiScenes' class name, e.g. "apple". */
  name: string;
  /** The CLDR label it comes from, e.g. "red apple". */
  label: string;
  /** CLDR tags (emojibase-data), for search. */
  tags: string[];
  /** Top-left corner in the atlas image, pixels. */
  x: number;
  y: number;
}

export interface AtlasIndex {
  format: typeof ATLAS_FORMAT;
  version: 1;
  /** The atlas PNG, relative to the index. */
  image: string;
  /** Side of every sprite, pixels. */
  cell: number;
  width: number;
  height: number;
  /** Where the sprites and their names come from, and their licence. */
  source: string;
  sprites: AtlasEntry[];
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks an atlas index; throws an Error whose message names the file, the field, the value and what was expected. */
export function parseAtlas(json: unknown, file: string): AtlasIndex {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new Error(`${file}: ${field} is ${JSON.stringify(value) ?? 'missing'}, expected ${expected}`);
  };
  if (!isObject(json)) fail('(root)', json, 'a JSON object (the emoji atlas index)');
  const o = json as Record<string, unknown>;
  if (o.format !== ATLAS_FORMAT) fail('format', o.format, `"${ATLAS_FORMAT}"`);
  if (o.version !== 1) fail('version', o.version, '1');
  const posInt = (k: string) => (Number.isInteger(o[k]) && (o[k] as number) > 0 ? (o[k] as number) : fail(k, o[k], 'a positive integer'));
  const cell = posInt('cell');
  const width = posInt('width');
  const height = posInt('height');
  if (typeof o.image !== 'string' || o.image === '') fail('image', o.image, 'the atlas PNG file name');
  if (!Array.isArray(o.sprites)) fail('sprites', o.sprites, 'an array of { emoji, name, label, tags, x, y }');
  const seen = new Set<string>();
  (o.sprites as unknown[]).forEach((s, i) => {
    const at = `sprites[${i}]`;
    if (!isObject(s)) return fail(at, s, 'an object { emoji, name, label, tags, x, y }');
    if (typeof s.emoji !== 'string' || !EMOJI_CODE.test(s.emoji)) fail(`${at}.emoji`, s.emoji, 'code points as upper-case hexadecimal joined by "-", e.g. "1F415"');
    if (seen.has(s.emoji as string)) fail(`${at}.emoji`, s.emoji, 'each emoji once');
    seen.add(s.emoji as string);
    for (const k of ['name', 'label']) if (typeof s[k] !== 'string') fail(`${at}.${k}`, s[k], 'a string');
    if (!Array.isArray(s.tags) || !s.tags.every((t) => typeof t === 'string')) fail(`${at}.tags`, s.tags, 'an array of strings');
    for (const [k, limit] of [['x', width], ['y', height]] as const) {
      const v = s[k];
      if (!(Number.isInteger(v) && (v as number) >= 0 && (v as number) + cell <= limit)) fail(`${at}.${k}`, v, `an integer in 0..${limit - cell} (the sprite inside the ${width} x ${height} atlas)`);
    }
  });
  return o as unknown as AtlasIndex;
}

/** The atlas image with its index: sprites cut out on first use. */
export class EmojiAtlas {
  private readonly byEmoji: Map<string, AtlasEntry>;
  private readonly cut = new Map<string, Sprite>();

  constructor(
    readonly index: AtlasIndex,
    private readonly rgba: ArrayLike<number>, // uint8 [height, width, 4]
  ) {
    if (rgba.length !== index.width * index.height * 4) {
      throw new RangeError(`emoji atlas: the image has ${rgba.length} bytes, expected ${index.width * index.height * 4} (${index.width} x ${index.height} RGBA, as its index says)`);
    }
    this.byEmoji = new Map(index.sprites.map((s) => [s.emoji, s]));
  }

  entry(emoji: string): AtlasEntry | null {
    return this.byEmoji.get(emoji) ?? null;
  }

  sprite(emoji: string): Sprite | null {
    const e = this.byEmoji.get(emoji);
    if (!e) return null;
    let s = this.cut.get(emoji);
    if (!s) this.cut.set(emoji, (s = spriteFrom(this.rgba, this.index.width, e.x, e.y, this.index.cell)));
    return s;
  }
}
