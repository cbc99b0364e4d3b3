/**
 * Qdrant point ids (unsigned integers or UUIDs) derived from the gallery's own item ids, so that
 * exporting again, or exporting another gallery into the same collection, updates an item's
 * point instead of overwriting whichever point had the same position.
 * A name-based UUID (RFC 9562 version 5): in Python, for an item id `item`,
 * `uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, 'lexvla-explorer gallery item'), item)`.
 */
import { sha1 } from '../../util/sha1';

/** RFC 9562's namespace for URLs, under which this project's namespace is named. */
const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function uuidV5(namespace: string, name: string): string {
  const ns = uuidBytes(namespace);
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + text.length);
  input.set(ns);
  input.set(text, ns.length);
  const h = sha1(input).subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50; // version 5
  h[8] = (h[8] & 0x3f) | 0x80; // RFC variant
  const hex = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ITEM_NAMESPACE = uuidV5(NAMESPACE_URL, 'lexvla-explorer gallery item');

/** The Qdrant point id of the gallery item with id `itemId`. */
export function pointId(itemId: string): string {
  return uuidV5(ITEM_NAMESPACE, itemId);
}
