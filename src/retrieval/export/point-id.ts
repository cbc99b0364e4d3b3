/**
 * Qdrant point ids (unsigned integers or UUIDs) derived from the gallery's own item ids, so that
 * exporting again, or exporting another gallery into the same collection, updates an item's
 * point instead of overwriting whichever point had the same position.
 * A name-based UUID (RFC 9562 version 5, the `uuid` package): in Python, for an item id `item`,
 * `uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, 'lexvla-explorer gallery item'), item)`.
 */
import { v5 as uuidV5 } from 'uuid';

const ITEM_NAMESPACE = uuidV5('lexvla-explorer gallery item', uuidV5.URL);

/** The Qdrant point id of the gallery item with id `itemId`. */
export function pointId(itemId: string): string {
  return uuidV5(itemId, ITEM_NAMESPACE);
}
