/**
 * Sees, in this browser, when the server put back a locked paragraph over this person's
 * words: a change from the server deletes items this person wrote (under any of the Yjs
 * client ids their copy of the room has used) inside a block that is locked once it is
 * applied. Only the server's restore does that (nobody may edit a locked block, PROTOCOL.md
 * L1), so it is a refusal, whether or not the server's notice of it ever reaches this page:
 * a notice goes out on the socket that carried the change, and a page that gave that socket
 * up as dead (after a long drop) never reads it. The restoring change itself always arrives,
 * in the sync of the next connection.
 *
 * The words are read as the block stood just before that change, the way the server reads
 * a block's text (server/collab/blockSnapshot.ts blockText), so the two accounts agree.
 */
import * as Y from 'yjs';
import { BlockAttr, isLockedValue } from '../../shared/blocks.js';
import { blockNumberer } from '../../shared/blockNumbering.js';

export interface DetectedRefusal {
  blockId: string;
  blockNumber: number | null;
  lockedBy: string | null;
  /** The block's text as this person's copy had it, with their words. */
  text: string;
}

/**
 * Calls `onRefusal` for each locked block in which a remote transaction (origin `remote`)
 * deleted items of `ownClients`; returns the way to stop.
 */
export function watchRefusals(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  remote: unknown,
  ownClients: ReadonlySet<number>,
  onRefusal: (refusal: DetectedRefusal) => void,
): () => void {
  const handler = (transaction: Y.Transaction) => {
    if (transaction.origin !== remote || transaction.deleteSet.clients.size === 0) return;
    const owned = [...transaction.deleteSet.clients.keys()].some((client) => ownClients.has(client));
    if (!owned) return;
    const blocks = new Set<Y.XmlElement>();
    const ownDeletions = Y.createDeleteSet();
    transaction.deleteSet.clients.forEach((items, client) => {
      if (ownClients.has(client)) ownDeletions.clients.set(client, items);
    });
    Y.iterateDeletedStructs(transaction, ownDeletions, (struct) => {
      const block = struct instanceof Y.Item ? topLevelBlock(struct, fragment) : null;
      if (block) blocks.add(block);
    });
    for (const block of blocks) {
      if (!isLockedValue(block.getAttribute(BlockAttr.locked))) continue;
      const blockId = block.getAttribute(BlockAttr.id);
      if (typeof blockId !== 'string') continue;
      const lockedBy = block.getAttribute(BlockAttr.lockedBy) as unknown;
      onRefusal({
        blockId,
        blockNumber: numberOf(fragment, block),
        lockedBy: typeof lockedBy === 'string' ? lockedBy : null,
        text: textBefore(transaction, block),
      });
    }
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}

/** The top-level element of `fragment` that holds `item`, or null. */
function topLevelBlock(item: Y.Item, fragment: Y.XmlFragment): Y.XmlElement | null {
  let current: Y.Item | null = item;
  while (current) {
    const parent = current.parent as Y.AbstractType<unknown> | null;
    if (parent === (fragment as unknown))
      return current.content instanceof Y.ContentType && current.content.type instanceof Y.XmlElement ? current.content.type : null;
    current = parent instanceof Y.AbstractType ? parent._item : null;
  }
  return null;
}

/** The margin number of a top-level block (null for headings). */
function numberOf(fragment: Y.XmlFragment, block: Y.XmlElement): number | null {
  const next = blockNumberer();
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    const number = next(node.nodeName);
    if (node === block) return number;
  }
  return null;
}

/** Was `item` part of the document just before `transaction`? */
function visibleBefore(transaction: Y.Transaction, item: Y.Item): boolean {
  if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) return false; // made by it
  return !item.deleted || Y.isDeleted(transaction.deleteSet, item.id); // deleted by it: still there before
}

/** The children of `type` as they stood before `transaction`. */
function childrenBefore(transaction: Y.Transaction, type: Y.AbstractType<unknown>): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = type._start; item !== null; item = item.right) if (visibleBefore(transaction, item)) items.push(item);
  return items;
}

/** A block's plain text before `transaction`: inner blocks and hard breaks as newlines (as the server's blockText). */
function textBefore(transaction: Y.Transaction, element: Y.XmlElement): string {
  const parts: string[] = [];
  let inline = '';
  for (const item of childrenBefore(transaction, element as unknown as Y.AbstractType<unknown>)) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child instanceof Y.XmlText) {
      for (const piece of childrenBefore(transaction, child as unknown as Y.AbstractType<unknown>)) {
        if (piece.content instanceof Y.ContentString) inline += piece.content.str;
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') inline += '\n';
      else {
        if (inline) parts.push(inline);
        inline = '';
        parts.push(textBefore(transaction, child));
      }
    }
  }
  if (inline) parts.push(inline);
  return parts.join('\n');
}
