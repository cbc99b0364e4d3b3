/**
 * A scene -> the image the model gets and its exact class mask, drawn the way EmojiScenes draws
 * (data/emojiscenes/generator.py): the background, then each emoji in order, alpha-blended; a
 * pixel belongs to an emoji's mask when its alpha is at least 128 of 255, and a later emoji takes
 * the pixels it covers from earlier ones (occlusion by drawing order). Image and mask come from
 * the same resampled sprite, so they agree pixel for pixel.
 */
import type { RGBAImage } from '../image/types';
import { renderBackground, type BackgroundSpec } from './background';
import type { Scene } from './scene';
import { renderItem, type Sprite } from './sprite';

/** The generator's ALPHA_THRESHOLD. */
export const ALPHA_THRESHOLD = 128;

export interface RenderedScene {
  /** RGBA, alpha 255. */
  image: RGBAImage;
  /** uint16 [height, width]: 0 background, k = class k (1-based, the bundle's trainedOn.classes[k-1]). */
  mask: Uint16Array;
}

export interface SceneAssets {
  /** The emoji's sprite, or null when the app has none. */
  sprite(emoji: string): Sprite | null;
  /** The emoji's class value (1-based), or 0 when the bundle has no class for it. */
  classValue(emoji: string): number;
}

/** The last background drawn: dragging an emoji redraws the scene many times over the same one. */
let lastBackground: { key: string; pixels: Uint8ClampedArray } | null = null;

function background(spec: BackgroundSpec, width: number, height: number): Uint8ClampedArray {
  const key = JSON.stringify([spec, width, height]);
  if (lastBackground?.key !== key) lastBackground = { key, pixels: renderBackground(spec, width, height) };
  return lastBackground.pixels.slice();
}

export function renderScene(scene: Scene, assets: SceneAssets): RenderedScene {
  const { width, height } = scene;
  const data = background(scene.background, width, height);
  const mask = new Uint16Array(width * height);
  for (const it of scene.items) {
    const sprite = assets.sprite(it.emoji);
    if (!sprite) throw new RangeError(`scene item ${it.id}: no sprite for emoji ${it.emoji}, expected one of the emoji atlas's`);
    const value = assets.classValue(it.emoji);
    if (!(Number.isInteger(value) && value >= 1 && value <= 0xffff)) {
      throw new RangeError(`scene item ${it.id}: emoji ${it.emoji} has class value ${value}, expected 1..65535 (a class of the bundle)`);
    }
    const r = renderItem(sprite, it);
    for (let y = Math.max(0, r.y0); y < Math.min(height, r.y0 + r.side); y++) {
      for (let x = Math.max(0, r.x0); x < Math.min(width, r.x0 + r.side); x++) {
        const s = ((y - r.y0) * r.side + (x - r.x0)) * 4;
        // PIL's RGBa -> RGBA: 8-bit alpha, colour un-premultiplied; then paste(sprite, xy, sprite).
        const a = Math.min(255, Math.round(r.premul[s + 3]));
        if (a === 0) continue;
        const o = (y * width + x) * 4;
        for (let c = 0; c < 3; c++) {
          const straight = Math.min(255, Math.round((r.premul[s + c] * 255) / a));
          data[o + c] = Math.round((straight * a + data[o + c] * (255 - a)) / 255);
        }
        if (a >= ALPHA_THRESHOLD) mask[y * width + x] = value;
      }
    }
  }
  return { image: { width, height, data }, mask };
}
