import { describe, expect, it } from 'vitest';
import {
  addItem,
  bringToFront,
  cycleItem,
  emptyScene,
  filterItems,
  flipItem,
  MIN_ITEM_SIZE,
  moveItem,
  normalizeAngle,
  placeItem,
  removeItem,
  resizeScene,
  rotateItem,
  scaleItem,
  sendToBack,
  type Scene,
} from './scene';

const blank = (): Scene => emptyScene(224, 224, { kind: 'flat', colours: ['blue', 'white'], seed: 1 });

/** A scene with a dog (id 1) under a cat (id 2). */
function twoItems(): Scene {
  const a = addItem(blank(), '1F415', { x: 50, y: 60 });
  return addItem(a.scene, '1F408', { x: 150, y: 100 }, 64).scene;
}

describe('scene operations', () => {
  it('adds on top, at the centre by default, with the generator\'s middle size and fresh ids', () => {
    const { scene, id } = addItem(blank(), '1F415');
    expect(id).toBe(1);
    expect(scene.items).toEqual([{ id: 1, emoji: '1F415', x: 112, y: 112, size: 80, angle: 0, flipX: false, flipY: false }]);
    const s = twoItems();
    expect(s.items.map((it) => [it.id, it.emoji, it.x, it.y, it.size])).toEqual([
      [1, '1F415', 50, 60, 80],
      [2, '1F408', 150, 100, 64],
    ]);
    expect(s.nextId).toBe(3);
    // Ids are never reused: a delete then an add gets id 3.
    expect(addItem(removeItem(s, 2), '1F34E').id).toBe(3);
  });

  it('leaves its argument untouched', () => {
    const s = twoItems();
    const copy = structuredClone(s);
    moveItem(s, 1, 5, 5);
    scaleItem(s, 1, 2);
    rotateItem(s, 1, 15);
    flipItem(s, 1, 'x');
    bringToFront(s, 1);
    removeItem(s, 1);
    expect(s).toEqual(copy);
  });

  it('moves by whole pixels and keeps the centre on the canvas', () => {
    const s = twoItems();
    expect(moveItem(s, 1, 10.4, -20.6).items[0]).toMatchObject({ x: 60, y: 39 });
    expect(moveItem(s, 1, -500, 500).items[0]).toMatchObject({ x: 0, y: 224 });
    expect(placeItem(s, 2, 300, -3).items[1]).toMatchObject({ x: 224, y: 0 });
  });

  it('scales by at least a pixel, within 8 px and the canvas side', () => {
    const s = twoItems();
    expect(scaleItem(s, 1, 1.1).items[0].size).toBe(88);
    expect(scaleItem(s, 1, 1 / 1.1).items[0].size).toBe(73);
    let tiny = s;
    for (let i = 0; i < 40; i++) tiny = scaleItem(tiny, 1, 0.5);
    expect(tiny.items[0].size).toBe(MIN_ITEM_SIZE);
    expect(scaleItem(tiny, 1, 1.01).items[0].size).toBe(MIN_ITEM_SIZE + 1);
    expect(scaleItem(s, 1, 100).items[0].size).toBe(224);
    expect(() => scaleItem(s, 1, 0)).toThrow('scaleItem: factor is 0, expected a positive number');
  });

  it('rotates counter-clockwise into (-180, 180] and flips each axis', () => {
    const s = twoItems();
    expect(rotateItem(s, 1, 15).items[0].angle).toBe(15);
    expect(rotateItem(rotateItem(s, 1, 170), 1, 20).items[0].angle).toBe(-170);
    expect(rotateItem(s, 1, -180).items[0].angle).toBe(180);
    expect([-540, -181, 0, 181, 360, 725].map(normalizeAngle)).toEqual([180, 179, 0, -179, 0, 5]);
    const f = flipItem(flipItem(s, 1, 'x'), 1, 'y');
    expect(f.items[0]).toMatchObject({ flipX: true, flipY: true });
    expect(flipItem(f, 1, 'x').items[0]).toMatchObject({ flipX: false, flipY: true });
  });

  it('changes drawing order: bring to front, send to back', () => {
    const s = twoItems();
    expect(bringToFront(s, 1).items.map((it) => it.id)).toEqual([2, 1]);
    expect(sendToBack(s, 2).items.map((it) => it.id)).toEqual([2, 1]);
    expect(bringToFront(s, 2)).toEqual(s);
  });

  it('deletes, and names the ids it has when asked for one it has not', () => {
    const s = twoItems();
    expect(removeItem(s, 1).items.map((it) => it.id)).toEqual([2]);
    expect(() => removeItem(s, 7)).toThrow('the scene has no item 7, expected one of 1, 2');
    expect(() => moveItem(blank(), 1, 1, 1)).toThrow('the scene has no item 1, expected none: it is empty');
  });

  it('cycles through the items in drawing order, both ways, wrapping', () => {
    const s = addItem(twoItems(), '1F34E').scene;
    expect(cycleItem(s, null, 1)).toBe(1);
    expect(cycleItem(s, null, -1)).toBe(3);
    expect([1, 2, 3].map((id) => cycleItem(s, id, 1))).toEqual([2, 3, 1]);
    expect([1, 2, 3].map((id) => cycleItem(s, id, -1))).toEqual([3, 1, 2]);
    expect(cycleItem(blank(), null, 1)).toBeNull();
  });

  it('fits another canvas and drops emoji a bundle has no class for', () => {
    const s = resizeScene(twoItems(), 112, 112);
    expect(s.items.map((it) => [it.x, it.y, it.size])).toEqual([
      [25, 30, 40],
      [75, 50, 32],
    ]);
    expect(s.nextId).toBe(3);
    expect(filterItems(twoItems(), (e) => e !== '1F408')).toEqual({ scene: removeItem(twoItems(), 2), dropped: ['1F408'] });
  });
});
