/**
 * An evaluation set's masks, from their PNG headers alone (the first 26 bytes of each file): a
 * PNG, grayscale, 8- or 16-bit, and the size of its image (whose header gives its size too). Pixel
 * values are left to the reader that decodes the mask (src/patchdis/ground-truth.ts).
 */
import { describeStart, readHeaderSize, sniffFormat, type HeaderSize } from '../image/sniff';
import { makeIssue } from './issues';
import { joinBundlePath } from './paths';
import type { BundleIssue, EvalSetJson } from './types';

/** A file's first n bytes (a ranged read where the source has one). */
export type HeadReader = (path: string, n: number) => Promise<Uint8Array>;

const PNG_HEAD = 26;
/** Enough of a JPEG for its frame header in files without a large EXIF block first. */
const JPEG_HEAD = 64 * 1024;
const COLOR_TYPES: Record<number, string> = { 0: 'grayscale', 2: 'RGB', 3: 'palette', 4: 'grayscale+alpha', 6: 'RGBA' };
const EXPECTED = 'an 8- or 16-bit grayscale PNG of class indices';

export async function checkEvalMasks(
  set: EvalSetJson,
  opts: { file: string; dir: string; readable: (path: string) => boolean; head: HeadReader; limit?: number },
): Promise<BundleIssue[]> {
  const issues: Array<BundleIssue[]> = set.items.map(() => []);
  let next = 0;
  const one = async (i: number) => {
    const item = set.items[i];
    if (item.mask === undefined) return;
    const mask = joinBundlePath(opts.dir, item.mask);
    const image = joinBundlePath(opts.dir, item.image);
    if (!opts.readable(mask)) return; // missing or unlisted: reported already
    const where = `items[${i}].mask in ${opts.file}`;
    const fail = (field: string, found: string, expected: string, message: string) => issues[i].push(makeIssue(mask, field, found, expected, message));
    const head = await opts.head(mask, PNG_HEAD);
    if (sniffFormat(head) !== 'png') {
      const found = head.length === 0 ? 'an empty file' : `not a PNG (starts with ${describeStart(head)})`;
      fail('(content)', found, EXPECTED, `${mask}: ${found}, expected ${EXPECTED} (${where})`);
      return;
    }
    const size = readHeaderSize('png', head);
    const depth = head[24];
    const color = head[25];
    if (!size || head.length < PNG_HEAD) {
      fail('(content)', 'a PNG cut short before its header ends', EXPECTED, `${mask}: a PNG cut short before its header ends, expected ${EXPECTED} (${where})`);
      return;
    }
    if (color !== 0 || (depth !== 8 && depth !== 16)) {
      const found = `${depth === 8 || depth === 18 ? 'an' : 'a'} ${depth}-bit ${COLOR_TYPES[color] ?? `colour type ${color}`} PNG`;
      fail('(content)', found, EXPECTED, `${mask}: is ${found}, expected ${EXPECTED} (${where})`);
    }
    const imageSize = opts.readable(image) ? await headerSize(opts.head, image) : null;
    if (imageSize && (imageSize.width !== size.width || imageSize.height !== size.height)) {
      const found = `${size.width}x${size.height}`;
      const expected = `${imageSize.width}x${imageSize.height}, the size of ${image}`;
      fail('size', found, expected, `${mask}: size is ${found}, expected ${expected} (${where}; masks are pixel-aligned with their images)`);
    }
  };
  const worker = async () => {
    while (next < set.items.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(opts.limit ?? 8, set.items.length) }, worker));
  return issues.flat();
}

/** An image's size from its header; null when its format or header is not one read here (its decoder reports it). */
async function headerSize(head: HeadReader, path: string): Promise<HeaderSize | null> {
  const start = await head(path, PNG_HEAD);
  const format = sniffFormat(start);
  if (format === 'png' || format === 'gif') return readHeaderSize(format, start);
  if (format === 'jpeg') return readHeaderSize('jpeg', await head(path, JPEG_HEAD));
  return null;
}
