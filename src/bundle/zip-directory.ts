/**
 * A zip archive's central directory (APPNOTE.TXT 4.3.12-4.3.16, with zip64): entry names,
 * methods, flags, sizes and where each entry's data starts. Read from the end of the archive,
 * so only the directory is read, never the entries themselves.
 */
import type { ByteRange } from './protobuf';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when the entry is read. */
  method: number;
  /** General-purpose flags: bit 0 = encrypted. */
  flags: number;
  crc: number;
  /** Sizes as the directory declares them: never trusted beyond the checks in source-zip.ts. */
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  symlink: boolean;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
export const SIG_LOCAL = 0x04034b50;

const hex = (b: Uint8Array) => Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

export function zipError(name: string, what: string): Error {
  return new Error(`${name}: cannot read the zip archive (${what}), expected a valid .zip of a bundle folder`);
}

export async function readZipDirectory(r: ByteRange, name: string): Promise<ZipEntry[]> {
  const start = await r.read(0, 4);
  // Local file header "PK\3\4", or the end-of-directory record "PK\5\6" of an empty archive.
  if (!(start.length >= 4 && start[0] === 0x50 && start[1] === 0x4b && (start[2] === 3 || start[2] === 5))) {
    throw new Error(`${name}: not a zip archive (starts with bytes ${hex(start) || '(empty file)'}), expected a .zip of a bundle folder`);
  }
  // The end record is the last 22 bytes plus a comment of up to 65,535.
  const tailStart = Math.max(0, r.size - 22 - 0xffff);
  const tail = await r.read(tailStart, r.size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw zipError(name, 'no end-of-directory record: the file is cut short?');
  let count = u16(tail, eocd + 10);
  let dirSize = u32(tail, eocd + 12);
  let dirOffset = u32(tail, eocd + 16);
  if (u16(tail, eocd + 4) !== 0 || u16(tail, eocd + 6) !== 0) throw zipError(name, 'a multi-part (split) archive');
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(tail, loc) !== SIG_LOCATOR64) throw zipError(name, 'a zip64 end record without its locator');
    const at = u64(tail, loc + 8);
    const rec = await r.read(at, 56);
    if (rec.length < 56 || u32(rec, 0) !== SIG_EOCD64) throw zipError(name, 'the zip64 end record is missing');
    count = u64(rec, 32);
    dirSize = u64(rec, 40);
    dirOffset = u64(rec, 48);
  }
  if (dirOffset + dirSize > r.size) throw zipError(name, `the directory runs past the end of the file (${dirOffset + dirSize} > ${r.size} bytes): the file is cut short?`);
  const dir = await r.read(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || u32(dir, at) !== SIG_CENTRAL) throw zipError(name, `directory entry ${i} is damaged`);
    const flags = u16(dir, at + 8);
    const nameLen = u16(dir, at + 28);
    const extraLen = u16(dir, at + 30);
    const commentLen = u16(dir, at + 32);
    const end = at + 46 + nameLen + extraLen + commentLen;
    if (end > dir.length) throw zipError(name, `directory entry ${i} runs past the directory`);
    const rawName = dir.subarray(at + 46, at + 46 + nameLen);
    const entry: ZipEntry = {
      // Bit 11: the name is UTF-8; otherwise code page 437, of which Latin-1 keeps the ASCII part.
      name: (flags & 0x800 ? utf8 : latin1).decode(rawName),
      method: u16(dir, at + 10),
      flags,
      crc: u32(dir, at + 16),
      compressedSize: u32(dir, at + 20),
      size: u32(dir, at + 24),
      offset: u32(dir, at + 42),
      // Made on Unix (host 3) with the file type bits of a link (S_IFLNK).
      symlink: dir[at + 5] === 3 && ((u32(dir, at + 38) >>> 16) & 0o170000) === 0o120000,
    };
    zip64Sizes(entry, dir.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen));
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** The zip64 extra field (id 1) holds, in this order, whichever of the three was 0xFFFFFFFF. */
function zip64Sizes(e: ZipEntry, extra: Uint8Array): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const len = u16(extra, at + 2);
    if (id === 1) {
      let p = at + 4;
      const take = () => {
        const v = p + 8 <= at + 4 + len ? u64(extra, p) : null;
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = take() ?? e.size;
      if (e.compressedSize === 0xffffffff) e.compressedSize = take() ?? e.compressedSize;
      if (e.offset === 0xffffffff) e.offset = take() ?? e.offset;
      return;
    }
    at += 4 + len;
  }
}

/** Where an entry's data starts: after its local header, whose name and extra lengths may differ from the directory's. */
export async function dataOffset(r: ByteRange, e: ZipEntry): Promise<number | null> {
  const head = await r.read(e.offset, 30);
  if (head.length < 30 || u32(head, 0) !== SIG_LOCAL) return null;
  return e.offset + 30 + u16(head, 26) + u16(head, 28);
}
