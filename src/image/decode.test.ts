/**
 * decodeImage: the exact user-facing error texts are part of the contract (one table row per
 * case), plus decoding of the colour types PNG allows. Inputs are built in memory.
 */
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImageInputError, decodeImage, prepareDecode } from './decode';
import { jpegTruncation } from './jpeg';
import { pngChunkProblem } from './png';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

function rgbaPng(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4).map((_, i) => (i * 7) & 255);
  return encodePng({ width: w, height: h, data, channels: 4, depth: 8 });
}

/** Only a PNG signature and IHDR: enough for the size check, which must come before decoding. */
function pngHeader(w: number, h: number): Uint8Array {
  const out = new Uint8Array(33);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(out.buffer);
  view.setUint32(16, w);
  view.setUint32(20, h);
  out.set([8, 6, 0, 0, 0], 24);
  return out;
}

/** SOI, then a SOF0 segment for w x h: the size check must refuse it without decoding. */
function jpegHeader(w: number, h: number): Uint8Array {
  return bytes(0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
}

function gif(frames: number): Uint8Array {
  const buf = new Uint8Array(4096);
  const writer = new GifWriter(buf, 4, 4, { palette: [0x000000, 0xff0000], loop: 0 });
  for (let f = 0; f < frames; f++) writer.addFrame(0, 0, 4, 4, new Array(16).fill((f + 1) & 1)); // frame 0 is red
  return buf.slice(0, writer.end());
}

const png = rgbaPng(64, 48);
const jpg = new Uint8Array(jpeg.encode({ width: 64, height: 48, data: Buffer.alloc(64 * 48 * 4, 128) }, 90).data);
const flipped = png.slice();
flipped[60] ^= 0xff;

const EXPECTED = 'expected a PNG, JPEG or GIF image';

// The decoders' WebAssembly, once (decodeImage itself is synchronous).
beforeAll(async () => {
  await prepareDecode(jpg);
  await prepareDecode(png);
});
const cases: Array<[string, Uint8Array, string]> = [
  ['photo.png', new Uint8Array(0), `photo.png: the file is empty (0 bytes); ${EXPECTED}`],
  ['notes.txt', text('hello world\n'), `notes.txt: not an image (starts with "hello wor"); ${EXPECTED}`],
  ['paper.pdf', text('%PDF-1.7\n%\xe2'), `paper.pdf: not an image (starts with "%PDF-1.7\\x0a"); ${EXPECTED}`],
  ['photos.zip', bytes(0x50, 0x4b, 3, 4, 20, 0, 0, 0, 8, 0), `photos.zip: not an image (starts with "PK\\x03\\x04\\x14\\x00\\x00\\x00\\x08"); ${EXPECTED}`],
  ['quote.png', text('"a"\\b\n'), `quote.png: not an image (starts with "\\"a\\"\\\\b\\x0a"); ${EXPECTED}`],
  ['logo.svg', text('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg: SVG is a vector format and is not supported; export it as PNG or JPEG'],
  ['logo.png', text('\ufeff<?xml version="1.0"?>\n<svg width="1">'), 'logo.png: SVG is a vector format and is not supported; export it as PNG or JPEG'],
  ['spin.gif', gif(12), 'spin.gif: animated GIF with 12 frames; save one frame as PNG or JPEG'],
  ['big.png', pngHeader(10000, 10000), 'big.png: 10000 x 10000 pixels (100.0 MP) is larger than the 40 MP limit; downscale it first'],
  ['big.jpg', jpegHeader(8000, 6000), 'big.jpg: 8000 x 6000 pixels (48.0 MP) is larger than the 40 MP limit; downscale it first'],
  ['zero.png', pngHeader(0, 10), 'zero.png: the PNG header says 0 x 10 pixels; the image is empty'],
  ['head.png', png.subarray(0, 20), 'head.png: the PNG data is corrupt or truncated (no readable image header)'],
  ['broken.png', png.subarray(0, png.length >> 1), 'broken.png: the PNG data is corrupt or truncated (unexpected end of data)'],
  ['flipped.png', flipped, 'flipped.png: the PNG data is corrupt or truncated (CRC mismatch in chunk IDAT)'],
  ['broken.jpg', jpg.subarray(0, jpg.length >> 1), 'broken.jpg: the JPEG data is corrupt or truncated (unexpected end of data)'],
  ['cut.jpg', jpg.subarray(0, jpg.length - 2), 'cut.jpg: the JPEG data is corrupt or truncated (unexpected end of data)'],
  ['cut.gif', gif(1).subarray(0, 40), 'cut.gif: the GIF data is corrupt or truncated (Invalid block size)'],
  ['broken.gif', gif(1).subarray(0, 20), 'broken.gif: the GIF data is corrupt or truncated (unexpected end of data)'],
  ['pic.webp', text('RIFF\x10\0\0\0WEBPVP8 '), 'pic.webp: WebP images are not supported; convert it to PNG or JPEG'],
  ['scan.bmp', new Uint8Array(54).fill(0).map((v, i) => (i === 0 ? 0x42 : i === 1 ? 0x4d : v)), 'scan.bmp: BMP images are not supported; convert it to PNG or JPEG'],
  ['scan.tif', text('II*\0\x08\0\0\0'), 'scan.tif: TIFF images are not supported; convert it to PNG or JPEG'],
  ['iphone.heic', text('\0\0\0\x18ftypheic\0\0\0\0'), 'iphone.heic: HEIC/HEIF images are not supported; convert it to PNG or JPEG'],
  ['pic.avif', text('\0\0\0\x1cftypavif\0\0\0\0'), 'pic.avif: AVIF images are not supported; convert it to PNG or JPEG'],
];

describe('decodeImage errors (exact texts)', () => {
  it.each(cases)('%s', (name, input, message) => {
    let caught: unknown;
    try {
      decodeImage(input, name);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ImageInputError);
    const err = caught as ImageInputError;
    expect(err.message).toBe(message);
    expect(err.file).toBe(name);
    expect(`${err.file}: ${err.reason}`).toBe(message);
  });
});

/** One PNG chunk: length, type, body, CRC. */
function chunk(type: string, body: number[]): Uint8Array {
  const data = [...type].map((c) => c.charCodeAt(0)).concat(body);
  let crc = -1;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(data, 4);
  view.setUint32(8 + body.length, ~crc >>> 0);
  return out;
}

/** `png` with one more chunk inserted before its first IDAT. */
function withChunk(png: Uint8Array, type: string, body: number[]): Uint8Array {
  let at = 8;
  while (String.fromCharCode(...png.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + new DataView(png.buffer, png.byteOffset).getUint32(at);
  return new Uint8Array([...png.subarray(0, at), ...chunk(type, body), ...png.subarray(at)]);
}

describe('decodeImage pixels', () => {
  it('PNG RGBA round-trips exactly', () => {
    const img = decodeImage(png, 'a.png');
    expect([img.width, img.height]).toEqual([64, 48]);
    expect(img.data[4 * 10 + 1]).toBe((41 * 7) & 255);
  });

  it.each([
    // [channels, depth, samples of a 2 x 1 image, expected RGBA]
    [1, 8, [0, 200], [0, 0, 0, 255, 200, 200, 200, 255]],
    [2, 8, [10, 20, 30, 40], [10, 10, 10, 20, 30, 30, 30, 40]],
    [3, 16, [0x1234, 0xffff, 0x00ff, 0x8000, 0x7fff, 0x0100], [0x12, 0xff, 0x00, 255, 0x80, 0x7f, 0x01, 255]],
    [1, 16, [0xabcd, 0x0101], [0xab, 0xab, 0xab, 255, 1, 1, 1, 255]],
    [1, 1, [0b10000000], [255, 255, 255, 255, 0, 0, 0, 255]],
    [1, 4, [0x3f], [51, 51, 51, 255, 255, 255, 255, 255]],
  ])('PNG %i channel(s) at %i bits converts like PIL', (channels, depth, samples, want) => {
    const data = depth === 16 ? new Uint16Array(samples) : new Uint8Array(samples);
    const encoded = encodePng({ width: 2, height: 1, data, channels, depth: depth as 1 | 4 | 8 | 16 });
    expect(Array.from(decodeImage(encoded, 'x.png').data)).toEqual(want);
  });

  it('8-bit RGB and RGBA PNGs (the fast paths) keep every sample, alpha included', () => {
    const rgb = [0, 1, 2, 250, 128, 255, 7, 8, 9];
    expect(Array.from(decodeImage(encodePng({ width: 3, height: 1, data: new Uint8Array(rgb), channels: 3, depth: 8 }), 'x.png').data)).toEqual([
      0, 1, 2, 255, 250, 128, 255, 255, 7, 8, 9, 255,
    ]);
    const rgba = [10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255];
    expect(Array.from(decodeImage(encodePng({ width: 3, height: 1, data: new Uint8Array(rgba), channels: 4, depth: 8 }), 'x.png').data)).toEqual(rgba);
    // RGB with a tRNS key colour leaves the fast path: the key pixel turns transparent.
    // (4 pixels: fast-png 8 rejects a key colour in an image of fewer than 3 pixels.)
    const plain = encodePng({ width: 4, height: 1, data: new Uint8Array([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]), channels: 3, depth: 8 });
    const keyed = withChunk(plain, 'tRNS', [0, 4, 0, 5, 0, 6]);
    expect(Array.from(decodeImage(keyed, 'x.png').data)).toEqual([1, 2, 3, 255, 4, 5, 6, 0, 1, 2, 3, 255, 4, 5, 6, 0]);
  });

  it('a JPEG the decoder gives up on is refused, and the next JPEG still decodes', async () => {
    const bogus = jpg.slice();
    const dht = bogus.findIndex((b, i) => b === 0xff && bogus[i + 1] === 0xc4);
    bogus[dht + 4] = 0x55; // table class/index: no such Huffman table
    // libjpeg's own words for what it stopped on.
    expect(() => decodeImage(bogus, 'bogus.jpg')).toThrow('bogus.jpg: the JPEG data is corrupt or truncated (Bogus DHT index 69)');
    await prepareDecode(jpg);
    expect(decodeImage(jpg, 'grey.jpg').width).toBe(64);
  });

  it('a PNG whose chunks are whole but whose pixel data is garbage is refused, and the next PNG still decodes', () => {
    // Signature and IHDR of a 64 x 48 image, an IDAT of bytes that are not zlib data (CRC right), IEND.
    const garbled = new Uint8Array([...png.subarray(0, 33), ...chunk('IDAT', [1, 2, 3, 4, 5, 6, 7, 8]), ...chunk('IEND', [])]);
    expect(() => decodeImage(garbled, 'garbled.png')).toThrow(
      'garbled.png: the PNG data is corrupt or truncated (the image data could not be decoded)',
    );
    expect(decodeImage(png, 'a.png').data[4 * 10 + 1]).toBe((41 * 7) & 255);
  });

  it('single-frame GIF and JPEG decode to RGBA', () => {
    const g = decodeImage(gif(1), 'one.gif');
    expect([g.width, g.height, g.data[0], g.data[3]]).toEqual([4, 4, 0xff, 255]);
    const j = decodeImage(jpg, 'grey.jpg');
    expect([j.width, j.height]).toEqual([64, 48]);
    expect(Math.abs(j.data[0] - 128)).toBeLessThanOrEqual(1);
  });
});

describe('jpegTruncation', () => {
  const jpg = new Uint8Array(jpeg.encode({ width: 16, height: 8, data: Buffer.alloc(16 * 8 * 4, 90) }, 90).data);
  it('accepts a whole file, stray bytes between segments, and data after the end marker', () => {
    expect(jpegTruncation(jpg)).toBeNull();
    const padded = new Uint8Array([...jpg.subarray(0, 2), 0, 0, 0, ...jpg.subarray(2), 1, 2, 3]);
    expect(jpegTruncation(padded)).toBeNull();
  });
  it('names a file that stops before its end marker', () => {
    for (const cut of [4, jpg.length >> 1, jpg.length - 2]) expect(jpegTruncation(jpg.subarray(0, cut))).toBe('unexpected end of data');
  });
});

describe('pngChunkProblem', () => {
  const png = rgbaPng(8, 4);
  it('accepts a whole file', () => {
    expect(pngChunkProblem(png)).toBeNull();
    expect(pngChunkProblem(new Uint8Array([...png, 0, 0]))).toBeNull(); // bytes after IEND are ignored
  });
  it('names a file cut inside a chunk or before IEND, or with a damaged chunk', () => {
    expect(pngChunkProblem(png.subarray(0, png.length - 12))).toBe('unexpected end of data');
    expect(pngChunkProblem(png.subarray(0, png.length - 13))).toBe('unexpected end of data');
    expect(pngChunkProblem(png.subarray(0, 33 + 4))).toBe('unexpected end of data');
    const damaged = png.slice();
    damaged[20] ^= 1; // inside IHDR
    expect(pngChunkProblem(damaged)).toBe('CRC mismatch in chunk IHDR');
  });
});
