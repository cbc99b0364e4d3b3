/**
 * One emoji instance as EmojiScenes renders it (data/emojiscenes/sprite.py): the square source,
 * premultiplied so that resampling never blends the colour of transparent pixels into the edge,
 * is resized (unrotated: PIL's antialiased bilinear resize, src/image/resample.ts's tables) or
 * mapped through one affine transform at the output size (rotated: bilinear, PIL's inverse map),
 * flipped, and placed with its top-left corner at centre - floor(side / 2), as the generator pastes it.
 */
import { axisTable } from '../image/resample';
import type { SceneItem } from './scene';

/** A square sprite, premultiplied: float32 [size, size, 4] = (r*a/255, g*a/255, b*a/255, a), 0..255. */
export interface Sprite {
  size: number;
  premul: Float32Array;
}

/** The sprite at (x0, y0) of an RGBA image `width` pixels wide (straight alpha, as a PNG holds it). */
export function spriteFrom(rgba: ArrayLike<number>, width: number, x0: number, y0: number, size: number): Sprite {
  const premul = new Float32Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = ((y0 + y) * width + x0 + x) * 4;
      const o = (y * size + x) * 4;
      const a = rgba[s + 3];
      premul[o] = (rgba[s] * a) / 255;
      premul[o + 1] = (rgba[s + 1] * a) / 255;
      premul[o + 2] = (rgba[s + 2] * a) / 255;
      premul[o + 3] = a;
    }
  }
  return { size, premul };
}

/** A rendered instance: premultiplied float32 [side, side, 4] with its top-left corner in scene pixels. */
export interface Rendered {
  x0: number;
  y0: number;
  side: number;
  premul: Float32Array;
}

export function renderItem(sprite: Sprite, it: SceneItem): Rendered {
  const out = it.angle === 0 ? resized(sprite, it) : transformed(sprite, it);
  const half = Math.floor(out.side / 2);
  return { ...out, x0: it.x - half, y0: it.y - half };
}

/** Unrotated: a separable antialiased resize to size x size, then the flips. */
function resized(sprite: Sprite, it: SceneItem): Omit<Rendered, 'x0' | 'y0'> {
  const S = sprite.size;
  const n = it.size;
  const t = axisTable(S, n, 'bilinear', 0, n);
  const tmp = new Float64Array(S * n * 4); // [S rows, n cols, 4]
  for (let y = 0; y < S; y++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < t.count[j]; k++) {
        const w = t.weights[j * t.maxTaps + k];
        const s = (y * S + t.start[j] + k) * 4;
        const o = (y * n + j) * 4;
        for (let c = 0; c < 4; c++) tmp[o + c] += w * sprite.premul[s + c];
      }
    }
  }
  const premul = new Float32Array(n * n * 4);
  for (let i = 0; i < n; i++) {
    const oy = it.flipY ? n - 1 - i : i;
    for (let j = 0; j < n; j++) {
      const ox = it.flipX ? n - 1 - j : j;
      const o = (oy * n + ox) * 4;
      for (let k = 0; k < t.count[i]; k++) {
        const w = t.weights[i * t.maxTaps + k];
        const s = ((t.start[i] + k) * n + j) * 4;
        for (let c = 0; c < 4; c++) premul[o + c] += w * tmp[s + c];
      }
    }
  }
  return { side: n, premul };
}

/**
 * Rotated: output pixel centre p -> source point c_in + F R^T (p - c_out) / k, sampled
 * bilinearly; source pixels outside the sprite are transparent.
 */
function transformed(sprite: Sprite, it: SceneItem): Omit<Rendered, 'x0' | 'y0'> {
  const S = sprite.size;
  const k = it.size / S;
  const theta = (it.angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const side = Math.max(1, Math.ceil(it.size * (Math.abs(cos) + Math.abs(sin))));
  const fx = it.flipX ? -1 : 1;
  const fy = it.flipY ? -1 : 1;
  const a = (fx * cos) / k;
  const b = (-fx * sin) / k;
  const d = (fy * sin) / k;
  const e = (fy * cos) / k;
  const co = side / 2;
  const c = S / 2 - a * co - b * co;
  const f = S / 2 - d * co - e * co;
  const premul = new Float32Array(side * side * 4);
  const src = sprite.premul;
  const at = (x: number, y: number, ch: number) => (x < 0 || y < 0 || x >= S || y >= S ? 0 : src[(y * S + x) * 4 + ch]);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = a * (x + 0.5) + b * (y + 0.5) + c - 0.5;
      const v = d * (x + 0.5) + e * (y + 0.5) + f - 0.5;
      if (u <= -1 || v <= -1 || u >= S || v >= S) continue;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const tx = u - x0;
      const ty = v - y0;
      const o = (y * side + x) * 4;
      for (let ch = 0; ch < 4; ch++) {
        const top = at(x0, y0, ch) * (1 - tx) + at(x0 + 1, y0, ch) * tx;
        const bottom = at(x0, y0 + 1, ch) * (1 - tx) + at(x0 + 1, y0 + 1, ch) * tx;
        premul[o + ch] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return { side, premul };
}
