/**
 * A scene as one URL parameter, readable and stable: the canvas, the background, then one
 * entry per emoji in drawing order, separated by "_" (characters a query string keeps as they are):
 *
 *   224x224.stripes.blue.white.17_1F415.60.112.80.0_1F431.150.100.64.-20.hv
 *
 * background = kind.colour.colour.seed (a colour's space written "-": light-blue);
 * emoji = code.x.y.size.angle[.flips] with flips "h", "v" or "hv". Item ids are not written:
 * they are renumbered 1..n in drawing order on the way back.
 */
import { isBackgroundKind, isColourName } from './palette';
import { EMOJI_CODE } from '../bundle/manifest-trained-on';
import { MIN_ITEM_SIZE, normalizeAngle, type Scene, type SceneItem } from './scene';

/** Larger canvases than this are not a scene anyone composes (and a link must not make the page allocate gigabytes). */
const MAX_SIDE = 4096;
const MAX_ITEMS = 64;

export function encodeScene(s: Scene): string {
  const bg = s.background;
  const head = [`${s.width}x${s.height}`, bg.kind, ...bg.colours.map((c) => c.replace(/ /g, '-')), String(bg.seed)].join('.');
  const items = s.items.map((it) => {
    const flips = `${it.flipX ? 'h' : ''}${it.flipY ? 'v' : ''}`;
    return [it.emoji, it.x, it.y, it.size, it.angle, ...(flips ? [flips] : [])].join('.');
  });
  return [head, ...items].join('_');
}

/** The scene a parameter describes, or why it does not describe one (the first problem found). */
export function decodeScene(text: string): { scene: Scene } | { error: string } {
  const [head, ...rest] = text.split('_');
  const h = head.split('.');
  const size = /^(\d{1,5})x(\d{1,5})$/.exec(h[0] ?? '');
  if (!size) return { error: `the canvas is "${h[0] ?? ''}", expected WIDTHxHEIGHT, e.g. 224x224` };
  const [width, height] = [Number(size[1]), Number(size[2])];
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return { error: `the canvas is ${width} x ${height}, expected sides 1..${MAX_SIDE}` };
  if (h.length !== 5) return { error: `the background is "${h.slice(1).join('.')}", expected kind.colour.colour.seed` };
  const [kind, c1, c2] = h.slice(1, 4).map((x) => x.replace(/-/g, ' '));
  const seedText = h[4];
  if (!isBackgroundKind(kind)) return { error: `the background kind is "${kind}", expected flat, gradient, noise, stripes, checks or dots` };
  for (const c of [c1, c2]) if (!isColourName(c)) return { error: `the background colour is "${c}", expected a colour of the EmojiScenes palette (e.g. blue, light-blue)` };
  if (!/^\d{1,10}$/.test(seedText) || Number(seedText) > 0xffffffff) return { error: `the background seed is "${seedText}", expected an integer 0..4294967295` };
  if (rest.length > MAX_ITEMS) return { error: `the scene has ${rest.length} emoji, expected at most ${MAX_ITEMS}` };
  const items: SceneItem[] = [];
  for (const [i, entry] of rest.entries()) {
    const f = entry.split('.');
    const nums = f.slice(1, 5);
    const bad = (why: string) => ({ error: `emoji ${i + 1} is "${entry}": ${why}` });
    if (f.length < 5 || f.length > 6) return bad('expected code.x.y.size.angle[.flips]');
    if (!EMOJI_CODE.test(f[0])) return bad('expected its code points in upper-case hexadecimal, e.g. 1F415');
    if (!nums.every((n) => /^-?\d{1,5}$/.test(n))) return bad('expected whole numbers for x, y, size and angle');
    const [x, y, side, angle] = nums.map(Number);
    if (x < 0 || x > width || y < 0 || y > height) return bad(`expected its centre on the ${width} x ${height} canvas`);
    if (side < MIN_ITEM_SIZE || side > Math.max(MIN_ITEM_SIZE, Math.min(width, height))) return bad(`expected a size of ${MIN_ITEM_SIZE}..${Math.min(width, height)} pixels`);
    if (angle !== normalizeAngle(angle)) return bad('expected an angle in -179..180 degrees');
    const flips = f[5] ?? '';
    if (!['', 'h', 'v', 'hv'].includes(flips)) return bad('expected flips "h", "v" or "hv"');
    items.push({ id: i + 1, emoji: f[0], x, y, size: side, angle, flipX: flips.includes('h'), flipY: flips.includes('v') });
  }
  const background = { kind, colours: [c1, c2] as Scene['background']['colours'], seed: Number(seedText) };
  return { scene: { width, height, background, items, nextId: items.length + 1 } };
}
