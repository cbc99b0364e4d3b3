/**
 * A composed scene: a background and emoji instances in drawing order (later ones cover earlier
 * ones), in the scene's own pixels. The operations are pure: each returns a new scene and leaves
 * its argument untouched, so the store keeps plain values and an undo would be a list of them.
 * Positions, sizes and angles are whole numbers, so a scene written into a link reads back equal.
 */
import type { BackgroundSpec } from './background';

export interface SceneItem {
  /** Unique within its scene; never reused after a delete. */
  id: number;
  /** The emoji's code points, upper-case hexadecimal joined by "-" (emoji-datasource's "unified"), e.g. "1F415". */
  emoji: string;
  /** Centre, scene pixels (may sit on the edge: part of the emoji is then cut off, as in EmojiScenes). */
  x: number;
  y: number;
  /** Side of the square sprite before rotation, pixels. */
  size: number;
  /** Degrees, counter-clockwise on screen (PIL's convention, as the generator's), in (-180, 180]. */
  angle: number;
  flipX: boolean;
  flipY: boolean;
}

export interface Scene {
  width: number;
  height: number;
  background: BackgroundSpec;
  /** Drawing order: items[items.length - 1] is on top. */
  items: readonly SceneItem[];
  nextId: number;
}

/** EmojiScenes draws emoji 40-120 px on a 224 px scene (data/emojiscenes/layout.py); 8 px is its floor. */
export const MIN_ITEM_SIZE = 8;
const GENERATOR_SCENE = 224;
const DEFAULT_SIZE_224 = 80;

export function emptyScene(width: number, height: number, background: BackgroundSpec): Scene {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`emptyScene: size is ${width} x ${height}, expected positive integers`);
  }
  return { width, height, background, items: [], nextId: 1 };
}

/** The largest side an item may have: the scene's shorter side. */
export const maxItemSize = (s: Scene): number => Math.max(MIN_ITEM_SIZE, Math.min(s.width, s.height));

/** The generator's middle size, scaled to this scene. */
export const defaultItemSize = (s: Scene): number => clamp(Math.round((DEFAULT_SIZE_224 * Math.min(s.width, s.height)) / GENERATOR_SCENE), MIN_ITEM_SIZE, maxItemSize(s));

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function indexOf(s: Scene, id: number): number {
  const i = s.items.findIndex((it) => it.id === id);
  if (i < 0) {
    const ids = s.items.map((it) => it.id).join(', ');
    throw new RangeError(`the scene has no item ${id}, expected ${ids === '' ? 'none: it is empty' : `one of ${ids}`}`);
  }
  return i;
}

function update(s: Scene, id: number, f: (it: SceneItem) => SceneItem): Scene {
  const i = indexOf(s, id);
  const items = s.items.slice();
  items[i] = f(items[i]);
  return { ...s, items };
}

/** Keeps the centre on the scene, in whole pixels. */
function placed(s: Scene, it: SceneItem, x: number, y: number): SceneItem {
  return { ...it, x: clamp(Math.round(x), 0, s.width), y: clamp(Math.round(y), 0, s.height) };
}

/** Adds an emoji on top of the others (at the centre unless `at` is given); returns the scene and the new item's id. */
export function addItem(s: Scene, emoji: string, at?: { x: number; y: number }, size?: number): { scene: Scene; id: number } {
  const id = s.nextId;
  const base: SceneItem = { id, emoji, x: 0, y: 0, size: clamp(Math.round(size ?? defaultItemSize(s)), MIN_ITEM_SIZE, maxItemSize(s)), angle: 0, flipX: false, flipY: false };
  const item = placed(s, base, at?.x ?? s.width / 2, at?.y ?? s.height / 2);
  return { scene: { ...s, items: [...s.items, item], nextId: id + 1 }, id };
}

export const moveItem = (s: Scene, id: number, dx: number, dy: number): Scene => update(s, id, (it) => placed(s, it, it.x + dx, it.y + dy));

export const placeItem = (s: Scene, id: number, x: number, y: number): Scene => update(s, id, (it) => placed(s, it, x, y));

/** Multiplies the side by `factor`, at least 1 px of change, within [MIN_ITEM_SIZE, maxItemSize]. */
export const scaleItem = (s: Scene, id: number, factor: number): Scene =>
  update(s, id, (it) => {
    if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`scaleItem: factor is ${factor}, expected a positive number`);
    const raw = Math.round(it.size * factor);
    const stepped = factor > 1 ? Math.max(raw, it.size + 1) : factor < 1 ? Math.min(raw, it.size - 1) : it.size;
    return { ...it, size: clamp(stepped, MIN_ITEM_SIZE, maxItemSize(s)) };
  });

/** Angle in (-180, 180]. */
export function normalizeAngle(a: number): number {
  const r = ((Math.round(a) % 360) + 360) % 360;
  return r > 180 ? r - 360 : r;
}

/** Turns counter-clockwise by `degrees` (negative: clockwise). */
export const rotateItem = (s: Scene, id: number, degrees: number): Scene => update(s, id, (it) => ({ ...it, angle: normalizeAngle(it.angle + degrees) }));

export const flipItem = (s: Scene, id: number, axis: 'x' | 'y'): Scene =>
  update(s, id, (it) => (axis === 'x' ? { ...it, flipX: !it.flipX } : { ...it, flipY: !it.flipY }));

/** Draws the item last, over every other. */
export function bringToFront(s: Scene, id: number): Scene {
  const i = indexOf(s, id);
  return { ...s, items: [...s.items.slice(0, i), ...s.items.slice(i + 1), s.items[i]] };
}

/** Draws the item first, under every other. */
export function sendToBack(s: Scene, id: number): Scene {
  const i = indexOf(s, id);
  return { ...s, items: [s.items[i], ...s.items.slice(0, i), ...s.items.slice(i + 1)] };
}

export function removeItem(s: Scene, id: number): Scene {
  const i = indexOf(s, id);
  return { ...s, items: [...s.items.slice(0, i), ...s.items.slice(i + 1)] };
}

export const setBackground = (s: Scene, background: BackgroundSpec): Scene => ({ ...s, background });

/** The item after (step 1) or before (step -1) `id` in drawing order, wrapping; the first or last one when `id` is null; null in an empty scene. */
export function cycleItem(s: Scene, id: number | null, step: 1 | -1): number | null {
  const n = s.items.length;
  if (n === 0) return null;
  if (id === null) return s.items[step === 1 ? 0 : n - 1].id;
  const i = indexOf(s, id);
  return s.items[(((i + step) % n) + n) % n].id;
}

/** The same scene on a canvas of another size: positions and sizes scaled, background kept. */
export function resizeScene(s: Scene, width: number, height: number): Scene {
  if (width === s.width && height === s.height) return s;
  const k = Math.min(width / s.width, height / s.height);
  const out = emptyScene(width, height, s.background);
  const items = s.items.map((it) => {
    const size = clamp(Math.round(it.size * k), MIN_ITEM_SIZE, maxItemSize(out));
    return placed(out, { ...it, size }, (it.x * width) / s.width, (it.y * height) / s.height);
  });
  return { ...out, items, nextId: s.nextId };
}

/** Keeps the items whose emoji `keep` accepts; returns the scene and the emoji left out. */
export function filterItems(s: Scene, keep: (emoji: string) => boolean): { scene: Scene; dropped: string[] } {
  const dropped = s.items.filter((it) => !keep(it.emoji)).map((it) => it.emoji);
  return dropped.length === 0 ? { scene: s, dropped } : { scene: { ...s, items: s.items.filter((it) => keep(it.emoji)) }, dropped };
}
