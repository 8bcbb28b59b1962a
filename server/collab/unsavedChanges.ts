/**
 * Undoing a change the store refused to save (issue 11, PROTOCOL.md F1). A room's document
 * runs one step ahead of the store: a change is applied, then written, then broadcast. When
 * the write fails, the change is still in the room's memory, and the Yjs document cannot
 * forget it; so the room undoes it with a change of its own, computed here, and keeps both,
 * unsaved and unbroadcast, until a write succeeds. What the room holds then reads as what the
 * store holds; the sender gets the undoing change and converges; the others, who never saw
 * the change, get both together once they are saved, which changes nothing they see.
 */
import * as Y from 'yjs';
import { TEXT_FIELD } from '../../shared/blocks.js';

const UNSAVED_ORIGIN = Symbol('unsaved change');

/**
 * The update that undoes `change` in a document made of `base` followed by `change`: what
 * `change` inserted is deleted, what it deleted is inserted again (as copies: a Yjs deletion
 * is final), on a scratch copy. Walks the whole document, which is fine for a failure path.
 */
export function undoingUpdate(base: Uint8Array[], change: Uint8Array): Uint8Array {
  const scratch = new Y.Doc({ gc: false });
  try {
    for (const update of base) Y.applyUpdate(scratch, update);
    const undo = new Y.UndoManager(scratch.getXmlFragment(TEXT_FIELD), { trackedOrigins: new Set([UNSAVED_ORIGIN]), captureTimeout: 0 });
    Y.applyUpdate(scratch, change, UNSAVED_ORIGIN);
    const withChange = Y.encodeStateVector(scratch);
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(scratch, withChange);
  } finally {
    scratch.destroy();
  }
}
