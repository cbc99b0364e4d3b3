/**
 * The composer's atlas as the build makes it: every EmojiScenes class's sprite, byte for byte
 * the generator's source image, every emoji the shipped EmojiScenes bundles name, a valid index,
 * the licence notice, and a size kept in check.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/bundle/types';
import { EmojiAtlas, parseAtlas } from '../src/composer/atlas';
import { buildAtlas } from './emoji-atlas.mjs';

const ROOT = join(import.meta.dirname, '..');
/** What the page downloads when the composer first opens; the 64 px sources alone are 0.95 MB. */
const ATLAS_BUDGET_BYTES = 1.2e6;

describe('the emoji atlas', () => {
  const built = buildAtlas();
  const classes = (JSON.parse(readFileSync(join(ROOT, 'data/emojiscenes/classes.json'), 'utf8')) as { classes: Array<{ name: string; unified: string; image: string }> }).classes;
  const png = decode(built.png);
  const atlas = new EmojiAtlas(parseAtlas(JSON.parse(JSON.stringify(built.index)), 'emoji-atlas.json'), png.data);

  it(`holds every EmojiScenes class once, 64 x 64, within ${ATLAS_BUDGET_BYTES / 1e6} MB`, () => {
    expect(built.index.sprites.map((s) => [s.name, s.emoji])).toEqual(classes.map((c) => [c.name, c.unified]));
    expect(built.index.cell).toBe(64);
    expect([png.width, png.height, png.channels]).toEqual([built.index.width, built.index.height, 4]);
    console.log(`emoji atlas: ${built.index.sprites.length} sprites, ${png.width} x ${png.height}, ${built.png.length} bytes`);
    expect(built.png.length).toBeLessThan(ATLAS_BUDGET_BYTES);
  });

  it('keeps each sprite as the generator reads it (colour of transparent pixels aside)', () => {
    for (const c of [classes[0], classes[150], classes[classes.length - 1]]) {
      const src = decode(readFileSync(join(ROOT, 'node_modules/emoji-datasource-google/img/google/64', c.image)));
      const e = atlas.entry(c.unified)!;
      for (let i = 0; i < 64 * 64; i++) {
        const a = src.data[i * 4 + 3];
        const at = ((e.y + Math.floor(i / 64)) * built.index.width + e.x + (i % 64)) * 4;
        const got = Array.from(png.data.subarray(at, at + 4));
        expect(got).toEqual(a === 0 ? [0, 0, 0, 0] : Array.from(src.data.subarray(i * 4, i * 4 + 4)));
      }
    }
  });

  it('has a sprite for every emoji the shipped EmojiScenes bundles name', () => {
    const bundles = readdirSync(join(ROOT, 'public/models')).filter((d) => {
      const m = JSON.parse(readFileSync(join(ROOT, 'public/models', d, 'manifest.json'), 'utf8')) as Manifest;
      return m.trainedOn?.dataset === 'emojiscenes';
    });
    expect(bundles.sort()).toEqual(['clip-tiny', 'lexvla-tiny']);
    for (const d of bundles) {
      const m = JSON.parse(readFileSync(join(ROOT, 'public/models', d, 'manifest.json'), 'utf8')) as Manifest;
      expect(m.trainedOn!.classes!.filter((c) => atlas.entry(c.emoji)?.name !== c.name)).toEqual([]);
    }
  });

  it('ships the Apache-2.0 notice and licence the Noto images need', () => {
    expect(built.notice).toContain('Noto Emoji by Google, Apache License 2.0');
    expect(built.notice).toContain(readFileSync(join(ROOT, 'data/emojiscenes/NOTICE.md'), 'utf8'));
    expect(built.licence).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it('refuses an index that does not describe an atlas, naming the field', () => {
    const bad = (f: (j: Record<string, unknown> & { sprites: Array<Record<string, unknown>> }) => void) => {
      const j = structuredClone(built.index) as unknown as Record<string, unknown> & { sprites: Array<Record<string, unknown>> };
      f(j);
      return () => parseAtlas(j, 'emoji-atlas.json');
    };
    expect(bad((j) => (j.format = 'x'))).toThrow('emoji-atlas.json: format is "x", expected "lexvla-emoji-atlas"');
    expect(bad((j) => (j.sprites[1].emoji = j.sprites[0].emoji))).toThrow('emoji-atlas.json: sprites[1].emoji is "1FA97", expected each emoji once');
    expect(bad((j) => (j.sprites[2].x = 5000))).toThrow(`emoji-atlas.json: sprites[2].x is 5000, expected an integer in 0..${built.index.width - 64} (the sprite inside the ${built.index.width} x ${built.index.height} atlas)`);
    expect(() => new EmojiAtlas(built.index, new Uint8Array(4))).toThrow(`emoji atlas: the image has 4 bytes, expected ${built.index.width * built.index.height * 4}`);
  });
});
