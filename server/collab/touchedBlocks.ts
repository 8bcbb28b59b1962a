/**
 * Which top-level blocks a transaction touched, found from what it created and deleted,
 * in time proportional to the change (property 4 of docs/ARCHITECTURE.md, "Paragraph locks
 * over a CRDT"), never by scanning the document.
 * Called inside the transaction, right after the incoming update was applied.
 */
import * as Y from 'yjs';

export interface TouchedBlocks {
  /** Top-level items (children of the text fragment) that the change created, deleted or changed inside. */
  blocks: Set<Y.Item>;
  /** Items the change created under a root other than the text fragment (clients may not write there). */
  foreignItems: Y.Item[];
}

export function findTouchedBlocks(transaction: Y.Transaction, fragment: Y.XmlFragment): TouchedBlocks {
  const touched: TouchedBlocks = { blocks: new Set(), foreignItems: [] };
  const visit = (struct: Y.Item | Y.GC, created: boolean) => {
    if (!(struct instanceof Y.Item)) return;
    const top = topLevelItem(struct);
    if (top === null) return;
    if (top.root === fragment) touched.blocks.add(top.item);
    else if (created) touched.foreignItems.push(struct);
  };

  transaction.doc.store.clients.forEach((structs, client) => {
    const before = transaction.beforeState.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= before) return;
    for (let i = before === 0 ? 0 : Y.findIndexSS(structs, before); i < structs.length; i++) visit(structs[i]!, true);
  });
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => visit(struct, false));
  return touched;
}

/** Walks up from an item to the item that sits directly in a root type. */
function topLevelItem(item: Y.Item): { item: Y.Item; root: Y.AbstractType<unknown> } | null {
  let child = item;
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item !== null) {
    child = parent._item;
    parent = child.parent;
  }
  return parent instanceof Y.AbstractType ? { item: child, root: parent } : null;
}

/** True when the item was created by the transaction (its clock is past the state before it). */
export function createdIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}
