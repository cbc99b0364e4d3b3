/**
 * Just enough protobuf to walk a file's structure without holding it twice: fields are read from
 * a window of the file (all of it when it is already in memory, a slice at a time from a disk or
 * a server otherwise), and a large field (a weight tensor's raw_data) is skipped by its length.
 * Wire format: https://protobuf.dev/programming-guides/encoding/
 */

/** Random access to one file: bytes [offset, offset + length), fewer only at its end. */
export interface ByteRange {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A file already in memory: every read is a view of it, never a copy. */
export function bytesRange(bytes: Uint8Array): ByteRange {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** A structural problem at byte `at`, inside `field` (a path such as "graph.initializer[3]"). */
export class WireError extends Error {
  constructor(
    readonly field: string,
    readonly at: number,
    readonly what: string,
  ) {
    super(`${field}: ${what} (at byte ${at})`);
    this.name = 'WireError';
  }
}

/** One field's header. `end` is the offset just after the field; for LEN fields `data` is where the payload starts. */
export interface FieldHead {
  field: number;
  wire: number;
  /** The varint's value (VARINT), or the payload's length (LEN); 0 for fixed-size fields. */
  value: number;
  data: number;
  end: number;
}

/**
 * A moving window over a ByteRange. `has` is synchronous, so a walk that stays inside the window
 * never waits; `fill` reads a new window starting at the offset asked for.
 */
export class Cursor {
  private buf: Uint8Array = new Uint8Array(0);
  private base = 0;

  constructor(
    readonly src: ByteRange,
    readonly window: number,
  ) {}

  static over(bytes: Uint8Array): Cursor {
    const c = new Cursor(bytesRange(bytes), bytes.length);
    c.buf = bytes;
    return c;
  }

  get size(): number {
    return this.src.size;
  }

  /** true when [at, at + n) (clipped to the file's end) is in the window. */
  has(at: number, n: number): boolean {
    const end = Math.min(at + n, this.src.size);
    return at >= this.base && end <= this.base + this.buf.length;
  }

  async fill(at: number, n: number): Promise<void> {
    const length = Math.min(Math.max(n, this.window), this.src.size - at);
    this.buf = length > 0 ? await this.src.read(at, length) : new Uint8Array(0);
    this.base = at;
    if (this.buf.length < length) throw new WireError('(file)', at + this.buf.length, `the file ends early: read ${this.buf.length} of ${length} bytes`);
  }

  byte(at: number): number {
    return this.buf[at - this.base];
  }

  /** A view of [at, at + n) of the window (call `has`/`fill` first). */
  view(at: number, n: number): Uint8Array {
    return this.buf.subarray(at - this.base, at - this.base + n);
  }
}

/** Reads a varint at `at` (already in the window); values past 2^53 lose precision, which no length or dimension reaches. */
export function varint(c: Cursor, at: number, limit: number, field: string): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < at + 10; i++) {
    if (i >= limit) throw new WireError(field, at, 'a number runs past the end of its message');
    const b = c.byte(i);
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new WireError(field, at, 'a number longer than 10 bytes');
}

/** The field header at `at`, inside a message ending at `end`; the header must be in the window. */
export function fieldHead(c: Cursor, at: number, end: number, path: string): FieldHead {
  const tag = varint(c, at, end, path);
  const field = Math.floor(tag.value / 8);
  const wire = tag.value % 8;
  if (field === 0) throw new WireError(path, at, 'a field numbered 0, which protobuf never writes');
  let value = 0;
  let data = tag.next;
  let next: number;
  switch (wire) {
    case WIRE_VARINT: {
      const v = varint(c, tag.next, end, path);
      value = v.value;
      next = v.next;
      break;
    }
    case WIRE_I64:
      next = tag.next + 8;
      break;
    case WIRE_I32:
      next = tag.next + 4;
      break;
    case WIRE_LEN: {
      const v = varint(c, tag.next, end, path);
      value = v.value;
      data = v.next;
      next = v.next + v.value;
      break;
    }
    default:
      throw new WireError(path, at, `field ${field} has wire type ${wire}, which no ONNX field uses`);
  }
  if (next > end) {
    const what = wire === WIRE_LEN ? `its length says ${value} bytes from byte ${data}` : 'it';
    throw new WireError(path, at, `field ${field} runs past the end of its message (${what}, the message ends at byte ${end})`);
  }
  return { field, wire, value, data, end: next };
}

/** The longest field header: a 10-byte tag and a 10-byte length. */
export const MAX_HEAD = 20;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A string field's text (the payload must be in the window). */
export function text(c: Cursor, f: FieldHead): string {
  return utf8.decode(c.view(f.data, f.value));
}
