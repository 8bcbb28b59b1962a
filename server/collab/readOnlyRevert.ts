/**
 * The read-only policy (PROTOCOL.md R1): a change from a connection that may not edit never
 * touches the room's document; the sender alone is sent the way back to the room's text.
 *
 * What the change adds is undone by deleting exactly those items: a delete set over the
 * update's new id ranges, which the sender applies to its own copy and which holds nothing
 * for anyone else. It needs nothing but the update itself, so it works on every attempt,
 * however many refused ones came before.
 *
 * What the change deletes of the room's text cannot be undone in the sender's copy: a Yjs
 * deletion is final. The sender is sent copies of what it deleted, so its text reads as the
 * room's again, but later edits to the originals would never reach those copies; so such a
 * connection is also closed (4403). No read-only editor sends a deletion: only a tampered
 * client does, and it is told, not silently forked.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { TEXT_FIELD } from '../../shared/blocks.js';

type Decoded = ReturnType<typeof Y.decodeUpdate>;
type Ranges = Map<number, Array<[number, number]>>;

export interface ReadOnlyRevert {
  /** The update that takes the sender's copy back to the room's text; null when there is nothing to undo. */
  revert: Uint8Array | null;
  /** True when the change deleted part of the room's text (the connection must close). */
  deletedRoomText: boolean;
}

const DELETION_ORIGIN = Symbol('read-only deletion');

export function revertReadOnlyUpdate(doc: Y.Doc, decoded: Decoded): ReadOnlyRevert {
  const added: Ranges = new Map();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const start = Math.max(struct.id.clock, clockOf(doc, struct.id.client));
    const end = struct.id.clock + struct.length;
    if (end > start) addRange(added, struct.id.client, start, end - start); // the room has the rest already
  }
  const deleted: Ranges = new Map();
  decoded.ds.clients.forEach((ranges, client) => {
    const known = clockOf(doc, client);
    for (const { clock, len } of ranges) if (clock < known) addRange(deleted, client, clock, Math.min(len, known - clock));
  });
  const parts: Uint8Array[] = [];
  if (added.size > 0) parts.push(deleteSetUpdate(added));
  if (deleted.size > 0) {
    const copies = copiesOfDeleted(doc, deleted);
    if (copies !== null) parts.push(copies);
  }
  return {
    revert: parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts),
    deletedRoomText: deleted.size > 0,
  };
}

/**
 * Copies of what `deleted` removes from the room's text, where it stood: the deletion is
 * played on a scratch copy of the document and undone there. Walks the whole document, which
 * is fine for a path that ends the connection.
 */
function copiesOfDeleted(doc: Y.Doc, deleted: Ranges): Uint8Array | null {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const undo = new Y.UndoManager(scratch.getXmlFragment(TEXT_FIELD), { trackedOrigins: new Set([DELETION_ORIGIN]), captureTimeout: 0 });
    Y.applyUpdate(scratch, deleteSetUpdate(deleted), DELETION_ORIGIN);
    if (undo.undoStack.length === 0) {
      undo.destroy();
      return null;
    }
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc));
  } finally {
    scratch.destroy();
  }
}

function addRange(ranges: Ranges, client: number, clock: number, length: number): void {
  const list = ranges.get(client) ?? [];
  list.push([clock, length]);
  ranges.set(client, list);
}

/** A Yjs update (v1) with no new items and a delete set of `ranges` (client → [clock, length]). */
function deleteSetUpdate(ranges: Ranges): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, ranges.size);
  for (const [client, unsorted] of ranges) {
    const list = [...unsorted].sort((a, b) => a[0] - b[0]);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const [clock, length] of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** The next clock the document expects from `client` (how much of it the document holds). */
export function clockOf(doc: Y.Doc, client: number): number {
  return Y.getState(doc.store, client);
}
