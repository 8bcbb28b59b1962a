/**
 * How deep the elements an incoming update creates would sit, read from the decoded update
 * before any of it is applied (PROTOCOL.md I2). Yjs applies any nesting without complaint,
 * but deleting or garbage-collecting a deep enough tree recurses once per level and
 * overflows the stack (about 6,000 levels on Node), and the editor fails far earlier; an
 * update nesting past MAX_UPDATE_NESTING is therefore refused whole (4400), while one within
 * it is applied and checked against the schema's depth bound like any other change.
 *
 * Depth counts elements and texts from the top of the document (a top-level block is 1).
 * An item's parent is written in the update, or follows from the item it was inserted next
 * to; either may be in the update or already in the document. An item whose anchor is in
 * neither is counted from 0: it can only wait as pending, and pending items are dropped.
 */
import * as Y from 'yjs';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

export function deepestNesting(doc: Y.Doc, structs: Struct[]): number {
  // Structs of the update by client, in clock order (as decodeUpdate returns them).
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  const inDocDepth = new Map<Y.AbstractType<unknown>, number>();

  /** Depth of a type that is already in the document (0 for a root). */
  const typeDepth = (type: Y.AbstractType<unknown>): number => {
    const known = inDocDepth.get(type);
    if (known !== undefined) return known;
    let depth = 0;
    for (let item = type._item; item !== null; item = (item.parent as Y.AbstractType<unknown>)._item) depth++;
    inDocDepth.set(type, depth);
    return depth;
  };

  /** The item holding `id`, from the update or the document, or null when neither has it. */
  const find = (id: Y.ID): Y.Item | null => {
    const list = byClient.get(id.client);
    if (list !== undefined) {
      let low = 0;
      let high = list.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const item = list[mid]!;
        if (id.clock < item.id.clock) high = mid - 1;
        else if (id.clock >= item.id.clock + item.length) low = mid + 1;
        else return item;
      }
    }
    if (id.clock >= Y.getState(doc.store, id.client)) return null;
    const struct = Y.getItem(doc.store, id);
    return struct instanceof Y.Item ? struct : null;
  };

  /**
   * Where the depth of an update item's parent comes from: a number when it is known (a
   * root, or an item of the document), or another update item plus what to add to its
   * parent's depth (1 when that item is the parent element itself, 0 when it is a sibling).
   */
  const step = (item: Y.Item): number | { from: Y.Item; add: number } => {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return 0;
    if (parent instanceof Y.AbstractType) return typeDepth(parent);
    if (parent instanceof Y.ID) {
      const holder = find(parent);
      if (holder === null) return 0;
      if (holder.parent instanceof Y.AbstractType) return typeDepth(holder.parent) + 1;
      return { from: holder, add: 1 };
    }
    // No parent written: it is the parent of the item it was inserted next to.
    const anchor = item.origin ?? item.rightOrigin;
    const neighbour = anchor === null ? null : find(anchor);
    if (neighbour === null) return 0;
    if (neighbour.parent instanceof Y.AbstractType) return typeDepth(neighbour.parent);
    return { from: neighbour, add: 0 };
  };

  /** Depth of each update item's parent, followed along chains without recursion. */
  const parentDepth = new Map<Y.Item, number>();
  const resolve = (start: Y.Item): number => {
    const chain: Array<{ item: Y.Item; add: number }> = [];
    const onChain = new Set<Y.Item>();
    let item = start;
    let base: number;
    for (;;) {
      const known = parentDepth.get(item);
      if (known !== undefined) {
        base = known;
        break;
      }
      const next = step(item);
      if (typeof next === 'number') {
        parentDepth.set(item, next);
        base = next;
        break;
      }
      chain.push({ item, add: next.add });
      onChain.add(item);
      if (onChain.has(next.from)) {
        base = 0; // anchors in a circle: nothing Yjs could integrate
        break;
      }
      item = next.from;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      base += chain[i]!.add;
      parentDepth.set(chain[i]!.item, base);
    }
    return parentDepth.get(start) ?? base;
  };

  let deepest = 0;
  for (const list of byClient.values()) {
    for (const item of list) if (item.content instanceof Y.ContentType) deepest = Math.max(deepest, resolve(item) + 1);
  }
  return deepest;
}
