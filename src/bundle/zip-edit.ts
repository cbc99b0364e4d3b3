/**
 * For tests: a zip made by fflate with one entry's header fields rewritten, in the directory and
 * in the local header alike, the way a damaged or crafted archive (or another zip tool) has them.
 */
import { SIG_LOCAL } from './zip-directory';

export interface EntryEdit {
  method?: number;
  flags?: number;
  crc?: number;
  compressedSize?: number;
  size?: number;
}

const SIG_CENTRAL = 0x02014b50;

export function editZipEntry(zip: Uint8Array, name: string, edit: EntryEdit): Uint8Array {
  const out = new Uint8Array(zip); // a copy with its own buffer (a Node Buffer's slice shares a pool)
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const wanted = new TextEncoder().encode(name);
  let found = false;
  for (let at = 0; at + 46 <= out.length; at++) {
    if (v.getUint32(at, true) !== SIG_CENTRAL) continue;
    const nameLen = v.getUint16(at + 28, true);
    const entry = out.subarray(at + 46, at + 46 + nameLen);
    if (entry.length !== wanted.length || !entry.every((b, i) => b === wanted[i])) continue;
    found = true;
    const local = v.getUint32(at + 42, true);
    if (v.getUint32(local, true) !== SIG_LOCAL) throw new Error(`${name}: no local header at ${local}`);
    // [central offset, local offset, bytes] of each field.
    const fields: Array<[keyof EntryEdit, number, number, number]> = [
      ['flags', 8, 6, 2],
      ['method', 10, 8, 2],
      ['crc', 16, 14, 4],
      ['compressedSize', 20, 18, 4],
      ['size', 24, 22, 4],
    ];
    for (const [key, c, l, n] of fields) {
      const value = edit[key];
      if (value === undefined) continue;
      for (const base of [at + c, local + l]) {
        if (n === 2) v.setUint16(base, value, true);
        else v.setUint32(base, value >>> 0, true);
      }
    }
  }
  if (!found) throw new Error(`${name}: no such entry in the zip`);
  return out;
}
