import { describe, expect, it } from 'vitest';
import { addItem, emptyScene, flipItem, rotateItem, type Scene } from './scene';
import { decodeScene, encodeScene } from './scene-url';

function scene(): Scene {
  let s = emptyScene(224, 224, { kind: 'stripes', colours: ['light blue', 'white'], seed: 4294967295 });
  s = addItem(s, '1F415', { x: 60, y: 112 }).scene;
  s = addItem(s, '2708-FE0F', { x: 150, y: 100 }, 64).scene;
  s = flipItem(flipItem(rotateItem(s, 2, -20), 2, 'x'), 2, 'y');
  return addItem(s, '1F408', { x: 0, y: 224 }, 8).scene;
}

describe('a scene in a link', () => {
  it('writes a stable, readable parameter', () => {
    expect(encodeScene(scene())).toBe('224x224.stripes.light-blue.white.4294967295_1F415.60.112.80.0_2708-FE0F.150.100.64.-20.hv_1F408.0.224.8.0');
  });

  it('reads back the same scene, with or without emoji', () => {
    expect(decodeScene(encodeScene(scene()))).toEqual({ scene: scene() });
    const empty = emptyScene(128, 96, { kind: 'noise', colours: ['green', 'green'], seed: 0 });
    expect(decodeScene(encodeScene(empty))).toEqual({ scene: empty });
  });

  it('survives the query string as URLSearchParams writes it', () => {
    const p = new URLSearchParams({ scene: encodeScene(scene()) });
    expect(p.toString()).toBe('scene=224x224.stripes.light-blue.white.4294967295_1F415.60.112.80.0_2708-FE0F.150.100.64.-20.hv_1F408.0.224.8.0');
    expect(decodeScene(new URLSearchParams(p.toString()).get('scene')!)).toEqual({ scene: scene() });
  });

  it.each([
    ['', 'the canvas is "", expected WIDTHxHEIGHT, e.g. 224x224'],
    ['224x0.flat.blue.blue.1', 'the canvas is 224 x 0, expected sides 1..4096'],
    ['99999x99999.flat.blue.blue.1', 'the canvas is 99999 x 99999, expected sides 1..4096'],
    ['224x224.flat.blue', 'the background is "flat.blue", expected kind.colour.colour.seed'],
    ['224x224.plaid.blue.blue.1', 'the background kind is "plaid", expected flat, gradient, noise, stripes, checks or dots'],
    ['224x224.flat.teal.blue.1', 'the background colour is "teal", expected a colour of the EmojiScenes palette (e.g. blue, light-blue)'],
    ['224x224.flat.blue.blue.-1', 'the background seed is "-1", expected an integer 0..4294967295'],
    ['224x224.flat.blue.blue.4294967296', 'the background seed is "4294967296", expected an integer 0..4294967295'],
    ['224x224.flat.blue.blue.1_1F415.60.112', 'emoji 1 is "1F415.60.112": expected code.x.y.size.angle[.flips]'],
    ['224x224.flat.blue.blue.1_1f415.60.112.80.0', 'emoji 1 is "1f415.60.112.80.0": expected its code points in upper-case hexadecimal, e.g. 1F415'],
    ['224x224.flat.blue.blue.1_1F415.6.0.112.80.0', 'emoji 1 is "1F415.6.0.112.80.0": expected flips "h", "v" or "hv"'],
    ['224x224.flat.blue.blue.1_1F415.60.1e3.80.0', 'emoji 1 is "1F415.60.1e3.80.0": expected whole numbers for x, y, size and angle'],
    ['224x224.flat.blue.blue.1_1F415.60.300.80.0', 'emoji 1 is "1F415.60.300.80.0": expected its centre on the 224 x 224 canvas'],
    ['224x224.flat.blue.blue.1_1F415.60.112.4.0', 'emoji 1 is "1F415.60.112.4.0": expected a size of 8..224 pixels'],
    ['224x224.flat.blue.blue.1_1F415.60.112.80.-180', 'emoji 1 is "1F415.60.112.80.-180": expected an angle in -179..180 degrees'],
  ])('refuses %j: %s', (text, error) => {
    expect(decodeScene(text)).toEqual({ error });
  });

  it('refuses more than 64 emoji', () => {
    const text = ['224x224.flat.blue.blue.1', ...Array.from({ length: 65 }, () => '1F415.1.1.8.0')].join('_');
    expect(decodeScene(text)).toEqual({ error: 'the scene has 65 emoji, expected at most 64' });
  });
});
