/**
 * A decoded image in memory: 8-bit RGBA, row-major, no premultiplied alpha.
 * Pure type module: shared by the worker, the Node CLI and tests.
 */
export interface RGBAImage {
  width: number;
  height: number;
  /** uint8 [height, width, 4], RGBA. */
  data: Uint8ClampedArray;
}

/** Largest image we decode: 40 megapixels (160 MB as RGBA8); checked from the header first. */
export const MAX_PIXELS = 40_000_000;
