/**
 * Scene -> image and mask: sprites placed where the generator places them, alpha >= 128 in the
 * mask, occlusion by drawing order, flips and rotation, the image blended from the same sprite.
 */
import { describe, expect, it } from 'vitest';
import { ALPHA_THRESHOLD, renderScene, type SceneAssets } from './render';
import { addItem, bringToFront, emptyScene, flipItem, rotateItem, type Scene } from './scene';
import { spriteFrom, type Sprite } from './sprite';

const S = 8;

/** An S x S sprite of one colour whose alpha is alpha(x, y). */
function sprite(rgb: [number, number, number], alpha: (x: number, y: number) => number): Sprite {
  const rgba = new Uint8Array(S * S * 4);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) rgba.set([...rgb, alpha(x, y)], (y * S + x) * 4);
  return spriteFrom(rgba, S, 0, 0, S);
}

const SPRITES: Record<string, Sprite> = {
  A: sprite([255, 0, 0], () => 255), // opaque red square
  B: sprite([0, 0, 255], () => 255), // opaque blue square
  T: sprite([0, 255, 0], (_x, y) => (y < S / 2 ? 255 : 0)), // green top half only
  H: sprite([0, 0, 0], (x) => (x < S / 2 ? ALPHA_THRESHOLD - 1 : ALPHA_THRESHOLD)), // alpha 127 left, 128 right
};
const CLASS: Record<string, number> = { A: 1, B: 2, T: 3, H: 4 };
const assets: SceneAssets = { sprite: (e) => SPRITES[e] ?? null, classValue: (e) => CLASS[e] ?? 0 };

const blank = (): Scene => emptyScene(24, 16, { kind: 'flat', colours: ['white', 'white'], seed: 7 });

/** The mask as rows of characters: "." background, else the class value. */
function rows(mask: Uint16Array, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < mask.length; i += width) out.push(Array.from(mask.subarray(i, i + width), (v) => (v === 0 ? '.' : String(v))).join(''));
  return out;
}

describe('renderScene', () => {
  it('places a sprite with its top-left corner at centre - floor(side / 2), its class in the mask', () => {
    const s = addItem(blank(), 'A', { x: 4, y: 8 }, S).scene;
    const { image, mask } = renderScene(s, assets);
    expect(rows(mask, 24)).toEqual([
      ...Array(4).fill('.'.repeat(24)),
      ...Array(8).fill('11111111' + '.'.repeat(16)),
      ...Array(4).fill('.'.repeat(24)),
    ]);
    const px = (x: number, y: number) => Array.from(image.data.subarray((y * 24 + x) * 4, (y * 24 + x) * 4 + 4));
    expect(px(3, 6)).toEqual([255, 0, 0, 255]);
    // The flat white background, jittered by at most 14 per channel.
    for (const v of px(20, 2).slice(0, 3)) expect(Math.abs(v - 242)).toBeLessThanOrEqual(16);
  });

  it('clips a sprite hanging over the edge', () => {
    const { mask } = renderScene(addItem(blank(), 'A', { x: 0, y: 0 }, S).scene, assets);
    expect(rows(mask, 24).slice(0, 5)).toEqual(['1111' + '.'.repeat(20), '1111' + '.'.repeat(20), '1111' + '.'.repeat(20), '1111' + '.'.repeat(20), '.'.repeat(24)]);
  });

  it('puts a pixel in the mask from alpha 128, and blends it into the image either way', () => {
    const { image, mask } = renderScene(addItem(blank(), 'H', { x: 4, y: 4 }, S).scene, assets);
    expect(rows(mask, 24)[0]).toBe('....4444' + '.'.repeat(16));
    // Black at alpha 127 and 128 over near-white: both darken the pixel by about half.
    const red = (x: number) => image.data[(0 * 24 + x) * 4];
    expect(red(1)).toBeGreaterThan(100);
    expect(red(1)).toBeLessThan(140);
    expect(Math.abs(red(5) - red(1))).toBeLessThanOrEqual(1);
  });

  it('lets a later emoji cover an earlier one in image and mask, and follows a change of order', () => {
    let s = addItem(blank(), 'A', { x: 8, y: 8 }, S).scene; // x 4..11
    s = addItem(s, 'B', { x: 12, y: 8 }, S).scene; // x 8..15, over A
    expect(rows(renderScene(s, assets).mask, 24)[8]).toBe('....' + '1111' + '22222222' + '.'.repeat(8));
    const front = bringToFront(s, 1);
    const { image, mask } = renderScene(front, assets);
    expect(rows(mask, 24)[8]).toBe('....' + '11111111' + '2222' + '.'.repeat(8));
    expect(Array.from(image.data.subarray((8 * 24 + 10) * 4, (8 * 24 + 10) * 4 + 3))).toEqual([255, 0, 0]);
  });

  it('flips and rotates counter-clockwise: the top half goes to the bottom, then to the left', () => {
    const up = addItem(blank(), 'T', { x: 4, y: 4 }, S).scene;
    expect(rows(renderScene(up, assets).mask, 24).slice(0, 8).map((r) => r.slice(0, 8))).toEqual([...Array(4).fill('33333333'), ...Array(4).fill('........')]);
    expect(rows(renderScene(flipItem(up, 1, 'y'), assets).mask, 24).slice(0, 8).map((r) => r.slice(0, 8))).toEqual([...Array(4).fill('........'), ...Array(4).fill('33333333')]);
    expect(rows(renderScene(rotateItem(up, 1, 90), assets).mask, 24).slice(0, 8).map((r) => r.slice(0, 8))).toEqual(Array(8).fill('3333....'));
    expect(rows(renderScene(rotateItem(up, 1, -90), assets).mask, 24).slice(0, 8).map((r) => r.slice(0, 8))).toEqual(Array(8).fill('....3333'));
  });

  it('grows a rotated sprite\'s box to hold its corners (45 degrees: a diamond)', () => {
    const { mask } = renderScene(rotateItem(addItem(blank(), 'A', { x: 12, y: 8 }, S).scene, 1, 45), assets);
    const r = rows(mask, 24);
    const width = (line: string) => line.split('').filter((c) => c === '1').length;
    // Widest through the centre, narrowing to the top and bottom corners.
    expect(width(r[8])).toBeGreaterThanOrEqual(10);
    expect(width(r[3])).toBeLessThan(width(r[5]));
    expect(width(r[13])).toBeLessThan(width(r[11]));
    expect(r[0]).toBe('.'.repeat(24));
  });

  it('names a missing sprite or class', () => {
    expect(() => renderScene(addItem(blank(), 'Z').scene, assets)).toThrow('scene item 1: no sprite for emoji Z, expected one of the emoji atlas\'s');
    const noClass: SceneAssets = { sprite: assets.sprite, classValue: () => 0 };
    expect(() => renderScene(addItem(blank(), 'A').scene, noClass)).toThrow('scene item 1: emoji A has class value 0, expected 1..65535 (a class of the bundle)');
  });
});
