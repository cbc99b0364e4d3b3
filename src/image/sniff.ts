/**
 * Format detection from magic bytes (never from the file name) and image dimensions read from
 * the header, so that an oversized image is refused before any pixel buffer is allocated.
 */

export type SupportedFormat = 'png' | 'jpeg' | 'gif';
type UnsupportedFormat = 'webp' | 'bmp' | 'tiff' | 'heic' | 'avif' | 'svg';
type SniffedFormat = SupportedFormat | UnsupportedFormat | 'unknown';

/** Display names used in error messages. */
export const FORMAT_NAMES: Record<SupportedFormat | UnsupportedFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
  heic: 'HEIC/HEIF',
  avif: 'AVIF',
  svg: 'SVG',
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < Math.min(bytes.length, start + length); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = ascii(bytes, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('BM') && bytes.length >= 26) return 'bmp';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'tiff';
  if (head.slice(4, 8) === 'ftyp') {
    const brand = head.slice(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (HEIF_BRANDS.has(brand)) return 'heic';
  }
  if (looksLikeSvg(bytes)) return 'svg';
  return 'unknown';
}

/** SVG is text: a UTF-8 BOM, whitespace, maybe an XML prolog or comment, then an <svg element. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = ascii(bytes, 0, 1024).replace(/^\xef\xbb\xbf/, '').trimStart();
  return text.startsWith('<') && /<svg[\s>]/i.test(text);
}

/**
 * The first bytes, quoted, for "not an image (starts with ...)": printable ASCII as is,
 * anything else as \xNN so a PDF, a zip or a text file is recognisable in the message.
 */
export function describeStart(bytes: Uint8Array, count = 9): string {
  let s = '';
  for (let i = 0; i < Math.min(count, bytes.length); i++) {
    const b = bytes[i];
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b <= 0x7e) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return `"${s}"`;
}

export interface HeaderSize {
  width: number;
  height: number;
}

/** Width and height from the header alone; null when the header is too short or malformed. */
export function readHeaderSize(format: SupportedFormat, bytes: Uint8Array): HeaderSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    // IHDR is always the first chunk: length(4) 'IHDR'(4) width(4) height(4), big-endian.
    if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (format === 'gif') {
    if (bytes.length < 10) return null;
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return readJpegSize(bytes, view);
}

function readJpegSize(bytes: Uint8Array, view: DataView): HeaderSize | null {
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    // Markers without a length field: TEM and RST0..7 (SOI/EOI cannot appear here).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    const length = view.getUint16(pos + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (pos + 9 > bytes.length) return null;
      return { height: view.getUint16(pos + 5), width: view.getUint16(pos + 7) };
    }
    if (marker === 0xda) return null; // start of scan before any frame header: malformed
    pos += 2 + length;
  }
  return null;
}
