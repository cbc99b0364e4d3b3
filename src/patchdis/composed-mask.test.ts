/**
 * A composed scene's mask goes through PatchDis exactly as an evaluation set's mask does: the
 * mask PNG the composer writes is read by readMask and brought to patch labels by maskPatchLabels,
 * the functions the worker and `lexvla eval patchdis` use.
 */
import { describe, expect, it } from 'vitest';
import { imagePng, maskPng } from '../composer/files';
import { renderScene, type SceneAssets } from '../composer/render';
import { addItem, emptyScene, moveItem } from '../composer/scene';
import { spriteFrom } from '../composer/sprite';
import { decodeImage } from '../image/decode';
import { cropGeometry } from '../image/preprocess';
import { maskPatchLabels, readMask } from './ground-truth';

const opaque = spriteFrom(new Uint8Array(16 * 16 * 4).fill(255), 16, 0, 0, 16);
const assets: SceneAssets = { sprite: () => opaque, classValue: (e) => (e === 'A' ? 2 : 3) };

function patchLabels(scene: ReturnType<typeof emptyScene>, classes: number) {
  const { mask, image } = renderScene(scene, assets);
  const name = 'composed-scene.png';
  const geometry = { name, original: { width: 64, height: 64 }, crop: cropGeometry(64, 64, { inputSize: [32, 32], resize: { shortestEdge: 32, filter: 'bilinear' } }).crop };
  const m = readMask(maskPng(mask, 64, 64, classes), 'composed-mask.png', geometry, classes);
  // The image file decodes to the rendered pixels.
  expect(decodeImage(imagePng(image), name).data.filter((_, i) => i % 4 !== 3)).toEqual(image.data.filter((_, i) => i % 4 !== 3));
  return Array.from(maskPatchLabels(m, geometry, [32, 32], [4, 4], classes));
}

describe('a composed scene through PatchDis\'s ground truth', () => {
  const base = emptyScene(64, 64, { kind: 'checks', colours: ['red', 'white'], seed: 3 });
  const one = addItem(base, 'A', { x: 8, y: 8 }, 16).scene; // pixels 0..15: patch (0, 0) of a 4 x 4 grid

  it('labels the patches under an emoji with its class (mask value 2 -> label 1)', () => {
    expect(patchLabels(one, 3)).toEqual([1, ...Array(15).fill(-1)]);
  });

  it('follows the emoji when it moves right, and keeps the top one where two overlap', () => {
    expect(patchLabels(moveItem(one, 1, 48, 0), 3)).toEqual([-1, -1, -1, 1, ...Array(12).fill(-1)]);
    const two = addItem(addItem(base, 'A', { x: 16, y: 16 }, 32).scene, 'B', { x: 32, y: 16 }, 32).scene; // A: x 0..31, B over it: x 16..47
    expect(patchLabels(two, 3)).toEqual([1, 2, 2, -1, 1, 2, 2, -1, ...Array(8).fill(-1)]);
  });

  it('writes a 16-bit mask when the classes do not fit 8 bits', () => {
    expect(patchLabels(one, 300)).toEqual([1, ...Array(15).fill(-1)]);
  });
});
