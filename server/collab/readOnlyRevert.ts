/**
 * The read-only policy: a change from a connection that may not edit never touches the
 * room's document. It is applied to a scratch copy, undone there, and the sender alone gets
 * the difference (its own change plus the undo), so it converges back to the room's text
 * while nobody else, the store included, ever holds one byte of it.
 *
 * This walks the whole document (a copy per refused change), which is fine for a path only
 * a tampered client takes; the rate limits bound how often.
 */
import * as Y from 'yjs';
import { TEXT_FIELD } from '../../shared/blocks.js';

const READ_ONLY_ORIGIN = Symbol('read-only write');

/** The update that takes the sender back to `doc`'s content, or null if `update` changes nothing. */
export function revertReadOnlyUpdate(doc: Y.Doc, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): Uint8Array | null {
  const bringsNew = decoded.structs.some((s) => s.id.clock + s.length > clockOf(doc, s.id.client)) || decoded.ds.clients.size > 0;
  if (!bringsNew) return null;

  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const undo = new Y.UndoManager(scopeOf(scratch, decoded.structs), { trackedOrigins: new Set([READ_ONLY_ORIGIN]), captureTimeout: 0 });
    Y.applyUpdate(scratch, update, READ_ONLY_ORIGIN);
    if (undo.undoStack.length === 0) {
      undo.destroy();
      return null;
    }
    undo.undo();
    undo.destroy();
    // What the sender lacks of the scratch copy: the undo (its own change it already has).
    return Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc));
  } finally {
    scratch.destroy();
  }
}

/** The text fragment and every other root the update writes into, so the undo covers them all. */
function scopeOf(scratch: Y.Doc, structs: ReturnType<typeof Y.decodeUpdate>['structs']): Array<Y.AbstractType<any>> {
  const scope = new Set<Y.AbstractType<any>>([scratch.getXmlFragment(TEXT_FIELD) as Y.AbstractType<any>]);
  for (const struct of structs) {
    const parent = (struct as { parent?: unknown }).parent;
    if (typeof parent === 'string' && parent !== TEXT_FIELD) scope.add(scratch.get(parent));
  }
  return [...scope];
}

/** The next clock the document expects from `client` (how much of it the document holds). */
export function clockOf(doc: Y.Doc, client: number): number {
  const structs = doc.store.clients.get(client);
  const last = structs?.[structs.length - 1];
  return last ? last.id.clock + last.length : 0;
}
