import { describe, expect, it } from 'vitest';
import { addItem, emptyScene, type Scene } from '../../composer/scene';
import { applyKey } from './keys';

function scene(): Scene {
  const a = addItem(emptyScene(224, 224, { kind: 'flat', colours: ['blue', 'blue'], seed: 1 }), '1F415', { x: 100, y: 100 });
  return addItem(a.scene, '1F408', { x: 20, y: 20 }, 40).scene;
}
const item = (r: ReturnType<typeof applyKey>, id = 1) => r!.scene.items.find((it) => it.id === id);

describe('composer keys', () => {
  it('move, scale, rotate, flip and reorder the focused emoji, and keep it selected', () => {
    expect(item(applyKey(scene(), 1, 'ArrowRight', false))).toMatchObject({ x: 102, y: 100 });
    expect(item(applyKey(scene(), 1, 'ArrowLeft', true))).toMatchObject({ x: 84, y: 100 });
    expect(item(applyKey(scene(), 1, 'ArrowUp', false))).toMatchObject({ x: 100, y: 98 });
    expect(item(applyKey(scene(), 1, 'ArrowDown', true))).toMatchObject({ x: 100, y: 116 });
    expect(item(applyKey(scene(), 1, '+', false))?.size).toBe(88);
    expect(item(applyKey(scene(), 1, '=', false))?.size).toBe(88);
    expect(item(applyKey(scene(), 1, '-', false))?.size).toBe(73);
    expect(item(applyKey(scene(), 1, 'r', false))?.angle).toBe(15);
    expect(item(applyKey(scene(), 1, 'R', true))?.angle).toBe(-15);
    expect(item(applyKey(scene(), 1, 'f', false))).toMatchObject({ flipX: true, flipY: false });
    expect(item(applyKey(scene(), 1, 'v', false))).toMatchObject({ flipX: false, flipY: true });
    expect(applyKey(scene(), 1, 'PageUp', false)!.scene.items.map((it) => it.id)).toEqual([2, 1]);
    expect(applyKey(scene(), 2, 'PageDown', false)!.scene.items.map((it) => it.id)).toEqual([2, 1]);
    expect(applyKey(scene(), 1, 'ArrowRight', false)!.selected).toBe(1);
  });

  it('delete the emoji and select the next one; Escape lets go; other keys are not the composer\'s', () => {
    expect(applyKey(scene(), 1, 'Delete', false)).toEqual({ scene: { ...scene(), items: [scene().items[1]] }, selected: 2 });
    const one = applyKey(scene(), 1, 'Backspace', false)!;
    expect(applyKey(one.scene, 2, 'Delete', false)!.selected).toBeNull();
    expect(applyKey(scene(), 1, 'Escape', false)).toEqual({ scene: scene(), selected: null });
    expect(applyKey(scene(), 1, 'Tab', false)).toBeNull();
    expect(applyKey(scene(), 1, 'x', false)).toBeNull();
  });
});
