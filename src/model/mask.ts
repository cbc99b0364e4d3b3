/**
 * Ground-truth masks for PatchDis: decode a class-index PNG and bring it into the model's input
 * crop, so that maskToPatchLabels (src/lexical/patchdis.ts) sees exactly the pixels the model saw.
 * Pure (fast-png only): the CLI and the worker can share it.
 */
import { decode as decodePng } from 'fast-png';

export interface ClassMask {
  width: number;
  height: number;
  data: Uint8Array | Uint16Array; // [height, width] class indices, 0 = background
}

/** An 8- or 16-bit single-channel PNG, values used as they are (docs: eval-set format). */
export function decodeMask(bytes: Uint8Array, file: string): ClassMask {
  let png;
  try {
    png = decodePng(bytes, { checkCrc: true });
  } catch (e) {
    throw new Error(`${file}: not a readable PNG mask (${(e as Error).message}), expected an 8- or 16-bit grayscale PNG`);
  }
  if (png.channels !== 1 || png.palette !== undefined || (png.depth !== 8 && png.depth !== 16)) {
    const kind = png.palette !== undefined ? 'palette' : `${png.channels}-channel`;
    throw new Error(`${file}: mask is a ${png.depth}-bit ${kind} PNG, expected an 8- or 16-bit grayscale PNG of class indices`);
  }
  const data = png.depth === 16 ? Uint16Array.from(png.data) : Uint8Array.from(png.data);
  return { width: png.width, height: png.height, data };
}

/**
 * Samples the mask at the centre of each pixel of the model's input (outW x outH) inside `crop`
 * (in original-image pixels, as preprocess returns it), nearest neighbour so class indices are
 * never blended. Pixels of the crop outside the image are background (0).
 */
export function alignMask(
  mask: ClassMask,
  crop: { x: number; y: number; width: number; height: number },
  outW: number,
  outH: number,
): ClassMask {
  const data = new Uint16Array(outW * outH);
  for (let i = 0; i < outH; i++) {
    const y = Math.floor(crop.y + ((i + 0.5) * crop.height) / outH);
    if (y < 0 || y >= mask.height) continue;
    for (let j = 0; j < outW; j++) {
      const x = Math.floor(crop.x + ((j + 0.5) * crop.width) / outW);
      if (x >= 0 && x < mask.width) data[i * outW + j] = mask.data[y * mask.width + x];
    }
  }
  return { width: outW, height: outH, data };
}
