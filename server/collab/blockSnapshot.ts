/**
 * A block's content and attributes as plain data: the canonical copy the server keeps of a
 * locked block, and the way to compare a block by content rather than by Yjs item.
 */
import * as Y from 'yjs';

export interface ElementSnapshot {
  name: string;
  attrs: Record<string, unknown>;
  children: NodeSnapshot[];
}
/**
 * Content that is neither an element nor text (an embedded object, raw JSON) is never part of a
 * block the rules accept. It has a snapshot of its own so that it never compares equal to an
 * empty text, and it is never built back.
 */
export type NodeSnapshot = ElementSnapshot | { delta: unknown[] } | { otherContent: true };
const OTHER_CONTENT: NodeSnapshot = { otherContent: true };

export function snapshotElement(element: Y.XmlElement): ElementSnapshot {
  return {
    name: element.nodeName,
    attrs: sortedAttributes(element),
    children: element.toArray().map(snapshotNode),
  };
}

function snapshotNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook): NodeSnapshot {
  if (node instanceof Y.XmlText) return { delta: node.toDelta() };
  if (node instanceof Y.XmlElement) return snapshotElement(node);
  return OTHER_CONTENT;
}

function sortedAttributes(element: Y.XmlElement): Record<string, unknown> {
  const attrs = element.getAttributes() as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(attrs).sort()) if (attrs[key] !== undefined) sorted[key] = attrs[key];
  return sorted;
}

/** A fresh, not yet integrated Yjs element built from a snapshot. */
export function buildNode(snapshot: ElementSnapshot): Y.XmlElement {
  const element = new Y.XmlElement(snapshot.name);
  for (const [key, value] of Object.entries(snapshot.attrs)) element.setAttribute(key, value as string);
  element.insert(0, buildChildren(snapshot.children));
  return element;
}

function buildChildren(children: NodeSnapshot[]): Array<Y.XmlElement | Y.XmlText> {
  const built: Array<Y.XmlElement | Y.XmlText> = [];
  for (const child of children) {
    if ('delta' in child) {
      const text = new Y.XmlText();
      text.applyDelta(child.delta as never);
      built.push(text);
    } else if ('name' in child) built.push(buildNode(child));
  }
  return built;
}

/**
 * Puts `element` back to `snapshot` in place (same Yjs element, so its position and
 * neighbours are untouched). Only what differs is rewritten.
 */
export function overwriteElement(element: Y.XmlElement, snapshot: ElementSnapshot): void {
  const current = element.getAttributes() as Record<string, unknown>;
  for (const key of Object.keys(current)) if (!(key in snapshot.attrs)) element.removeAttribute(key);
  for (const [key, value] of Object.entries(snapshot.attrs)) {
    if (current[key] !== value) element.setAttribute(key, value as string);
  }
  const children = element.toArray().map(snapshotNode);
  if (JSON.stringify(children) !== JSON.stringify(snapshot.children)) {
    element.delete(0, element.length);
    element.insert(0, buildChildren(snapshot.children));
  }
}

/** Plain text of a block, paragraphs inside it separated by newlines. */
export function blockText(element: Y.XmlElement | Y.XmlText): string {
  if (element instanceof Y.XmlText) return element.toString().replace(/<[^>]*>/g, '');
  const parts: string[] = [];
  let inline = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText)
      inline += child
        .toDelta()
        .map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
        .join('');
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') inline += '\n';
      else {
        if (inline) parts.push(inline);
        inline = '';
        parts.push(blockText(child));
      }
    }
  }
  if (inline) parts.push(inline);
  return parts.join('\n');
}

/**
 * The block as it stood before `transaction` began, read inside it: items the transaction
 * created are not there yet, items it deleted still are. Yjs snapshots read exactly that,
 * given the state vector before the transaction and the deletions that came before it; the
 * latter are collected from this block alone, so the cost is the block's, not the document's.
 */
export function snapshotElementBefore(transaction: Y.Transaction, element: Y.XmlElement): ElementSnapshot {
  const before = Y.createSnapshot(deletionsBefore(transaction, element), transaction.beforeState);
  return snapshotElementAt(element, before);
}

function snapshotElementAt(element: Y.XmlElement, snapshot: Y.Snapshot): ElementSnapshot {
  const attrs = Y.typeMapGetAllSnapshot(element, snapshot) as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(attrs).sort()) if (attrs[key] !== undefined) sorted[key] = attrs[key];
  const children = (Y.typeListToArraySnapshot(element, snapshot) as unknown[]).map((child): NodeSnapshot => {
    if (child instanceof Y.XmlElement) return snapshotElementAt(child, snapshot);
    if (child instanceof Y.XmlText) return { delta: child.toDelta(snapshot) };
    return OTHER_CONTENT;
  });
  return { name: element.nodeName, attrs: sorted, children };
}

/** A delete set of the items under `element` that were already deleted when `transaction` began. */
function deletionsBefore(transaction: Y.Transaction, element: Y.XmlElement): ReturnType<typeof Y.createDeleteSet> {
  // The transaction's own deletions, sorted for lookup (Yjs sorts them only once it ends).
  const deletedNow = Y.createDeleteSet();
  for (const [client, list] of transaction.deleteSet.clients) {
    deletedNow.clients.set(
      client,
      [...list].sort((a, b) => a.clock - b.clock),
    );
  }
  const ranges = new Map<number, Array<{ clock: number; len: number }>>();
  const visit = (item: Y.Item) => {
    if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) return; // created by the transaction: not there before
    if (item.deleted && !Y.isDeleted(deletedNow, item.id)) {
      const list = ranges.get(item.id.client) ?? [];
      list.push({ clock: item.id.clock, len: item.length });
      ranges.set(item.id.client, list);
      return; // nothing under an item deleted before is visible before
    }
    if (item.content instanceof Y.ContentType) walk(item.content.type);
  };
  const walk = (type: Y.AbstractType<unknown>) => {
    for (let item = type._start; item !== null; item = item.right) visit(item);
    type._map.forEach((last) => {
      for (let item: Y.Item | null = last; item !== null; item = item.left) visit(item);
    });
  };
  walk(element as unknown as Y.AbstractType<unknown>);
  const deleteSet = Y.createDeleteSet();
  for (const [client, list] of ranges) deleteSet.clients.set(client, list.sort((a, b) => a.clock - b.clock) as never);
  return deleteSet;
}
