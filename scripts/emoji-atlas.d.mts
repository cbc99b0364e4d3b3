/** Types of scripts/emoji-atlas.mjs (plain JavaScript, so that Vite loads its config unbundled). */
import type { Plugin } from 'vite';
import type { AtlasIndex } from '../src/composer/atlas';

export const ATLAS_DIR: 'composer';
export const ATLAS_INDEX: 'emoji-atlas.json';
export function buildAtlas(): { index: AtlasIndex; png: Uint8Array; notice: string; licence: string };
export function emojiAtlas(): Plugin;
