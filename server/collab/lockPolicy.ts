/**
 * The lock policy: the rules about top-level blocks that the server enforces after every
 * client transaction, in the same transaction, before anything is persisted or broadcast.
 *
 *  - A locked block's text, formatting and attributes never change and it is never deleted:
 *    a touched locked block is put back to its canonical copy (taken when it was locked),
 *    in place, or re-inserted where it stood if it was deleted.
 *  - Lock and status attributes are written by the server only: client writes are reverted.
 *  - Block ids are unique: a block arriving with an id that a live block already holds (a
 *    forged copy of a locked block, say) keeps its content and gets a fresh id.
 *  - In a pen-holder room (PROTOCOL.md E1), the change of someone who only suggests is to every
 *    block what a change to a locked block is to everyone: each block it touched is put back as
 *    it stood before the change, each block it made is removed.
 *
 * Everything else in the transaction stands (property 3 of docs/ARCHITECTURE.md, "Paragraph
 * locks over a CRDT"). The work is proportional to the touched blocks (property 4): the
 * indexes below are kept up to date incrementally.
 */
import * as Y from 'yjs';
import type { LockState } from '../../shared/api.js';
import { BlockAttr, LOCKED_VALUE, SERVER_ONLY_ATTRS, isValidBlockId, newBlockId, type RefusalReason } from '../../shared/index.js';
import { ErrorCode } from '../../shared/protocol.js';
import { blockText, buildNode, overwriteElement, snapshotElement, snapshotElementBefore, type ElementSnapshot } from './blockSnapshot.js';
import { createdIn, type TouchedBlocks } from './touchedBlocks.js';

export interface Refusal {
  reason: RefusalReason;
  /** The block the refused change touched; absent when it concerned none (a new block, the whole text, an observer's change). */
  blockId?: string;
  lockedBy?: string;
  /** The block's text as the refused change left it, for its author to keep (only where it differs from what was restored). */
  refusedText?: string;
}

interface LockEntry {
  element: Y.XmlElement;
  canonical: ElementSnapshot;
  canonicalJson: string;
}

export class LockPolicy {
  private readonly byId = new Map<string, Y.XmlElement>();
  private readonly idOf = new Map<Y.XmlElement, string>();
  /** Server-only attributes as the server last wrote them, per block. */
  private readonly serverAttrs = new Map<Y.XmlElement, Record<string, string>>();
  private readonly locks = new Map<string, LockEntry>();
  private readonly lockedElements = new Map<Y.XmlElement, string>();

  constructor(private readonly fragment: Y.XmlFragment) {}

  /** Forgets every index and builds them again from the document as it stands (after an unsaved change was undone). */
  reindex(): void {
    this.byId.clear();
    this.idOf.clear();
    this.serverAttrs.clear();
    this.locks.clear();
    this.lockedElements.clear();
    this.indexDocument();
  }

  /** Builds the indexes from the document as loaded; gives blocks without a unique id a fresh one. */
  indexDocument(): void {
    for (const node of this.fragment.toArray()) {
      if (!(node instanceof Y.XmlElement)) continue;
      this.claimId(node);
      const attrs: Record<string, string> = {};
      for (const name of SERVER_ONLY_ATTRS) {
        const value = node.getAttribute(name);
        if (typeof value === 'string') attrs[name] = value;
      }
      this.serverAttrs.set(node, attrs);
      if (node.getAttribute(BlockAttr.locked) === LOCKED_VALUE) this.remember(this.idOf.get(node)!, node);
    }
  }

  /**
   * Enforces the rules on what `transaction` touched. Returns what was refused. `suggestsOnly`:
   * the sender may not edit the text at all (pen-holder mode), so none of it stands.
   */
  enforce(transaction: Y.Transaction, touched: TouchedBlocks, suggestsOnly = false): Refusal[] {
    const refusals: Refusal[] = [];
    const created: Y.Item[] = [];
    const existing: Y.Item[] = [];
    for (const item of touched.blocks) {
      if (!createdIn(transaction, item)) existing.push(item);
      else if (!item.deleted) created.push(item);
    }
    // Existing blocks first: a deleted locked block may adopt an identical new copy of itself.
    for (const item of existing) this.enforceExisting(transaction, item, created, refusals, suggestsOnly);
    for (const item of created) {
      if (suggestsOnly) this.removeSuggested(transaction, item, refusals);
      else this.enforceCreated(item, refusals);
    }
    for (const item of touched.foreignItems) if (!item.deleted) item.delete(transaction);
    return refusals;
  }

  private enforceExisting(transaction: Y.Transaction, item: Y.Item, created: Y.Item[], refusals: Refusal[], suggestsOnly: boolean): void {
    const element = elementOf(item);
    if (element === null) return;
    const lockedId = this.lockedElements.get(element);
    if (lockedId !== undefined) {
      this.enforceLocked(transaction, lockedId, item, element, created, refusals);
      return;
    }
    if (suggestsOnly) {
      this.putBack(transaction, item, element, created, refusals);
      return;
    }
    if (item.deleted) {
      this.forget(element);
      return;
    }
    const expected = this.serverAttrs.get(element) ?? {};
    let wroteServerAttr = false;
    for (const name of SERVER_ONLY_ATTRS) {
      const value = element.getAttribute(name);
      if (value === expected[name]) continue;
      wroteServerAttr = true;
      if (expected[name] === undefined) element.removeAttribute(name);
      else element.setAttribute(name, expected[name]);
    }
    const id = this.claimId(element);
    if (wroteServerAttr) refusals.push({ reason: ErrorCode.serverAttribute, blockId: id });
  }

  private enforceLocked(
    transaction: Y.Transaction,
    lockedId: string,
    item: Y.Item,
    element: Y.XmlElement,
    created: Y.Item[],
    refusals: Refusal[],
  ): void {
    const entry = this.locks.get(lockedId)!;
    const lockedBy = entry.canonical.attrs[BlockAttr.lockedBy] as string | undefined;
    if (!item.deleted) {
      if (JSON.stringify(snapshotElement(element)) === entry.canonicalJson) return;
      const typed = blockText(element);
      overwriteElement(element, entry.canonical);
      const refusedText = typed !== blockText(element) ? typed : undefined;
      refusals.push({ reason: ErrorCode.locked, blockId: lockedId, lockedBy, ...(refusedText !== undefined ? { refusedText } : {}) });
      return;
    }
    // Deleted. A client that rewrote the block as an identical copy in the same place (an
    // editor binding may do that) has changed nothing: adopt the copy. Otherwise restore.
    const copyIndex = created.findIndex(
      (candidate) =>
        JSON.stringify(snapshotElement(elementOf(candidate)!)) === entry.canonicalJson &&
        liveLeftNeighbour(transaction, candidate) === liveLeftNeighbour(transaction, item),
    );
    this.forget(element);
    if (copyIndex >= 0) {
      const copy = elementOf(created[copyIndex]!)!;
      created.splice(copyIndex, 1);
      this.adopt(lockedId, copy);
      return;
    }
    const restored = buildNode(entry.canonical);
    this.fragment.insertAfter(element, [restored]);
    this.adopt(lockedId, restored);
    refusals.push({ reason: ErrorCode.locked, blockId: lockedId, lockedBy });
  }

  /**
   * Pen-holder mode: the block as it stood before the transaction, read inside it
   * (blockSnapshot.ts), is put back in place, or re-inserted where it stood if the change
   * deleted it; as for a locked block, an identical copy in the same place is adopted instead.
   */
  private putBack(transaction: Y.Transaction, item: Y.Item, element: Y.XmlElement, created: Y.Item[], refusals: Refusal[]): void {
    const before = snapshotElementBefore(transaction, element);
    const beforeJson = JSON.stringify(before);
    const id = this.idOf.get(element) ?? String(before.attrs[BlockAttr.id]);
    if (!item.deleted) {
      if (JSON.stringify(snapshotElement(element)) === beforeJson) return;
      const typed = blockText(element);
      overwriteElement(element, before);
      const refusedText = typed !== blockText(element) ? typed : undefined;
      refusals.push({ reason: ErrorCode.penHolder, blockId: id, ...(refusedText !== undefined ? { refusedText } : {}) });
      return;
    }
    const copyIndex = created.findIndex(
      (candidate) =>
        JSON.stringify(snapshotElement(elementOf(candidate)!)) === beforeJson &&
        liveLeftNeighbour(transaction, candidate) === liveLeftNeighbour(transaction, item),
    );
    this.forget(element);
    if (copyIndex >= 0) {
      const copy = elementOf(created[copyIndex]!)!;
      created.splice(copyIndex, 1);
      this.reinstate(id, copy, before);
      return;
    }
    const restored = buildNode(before);
    this.fragment.insertAfter(element, [restored]);
    this.reinstate(id, restored, before);
    refusals.push({ reason: ErrorCode.penHolder, blockId: id });
  }

  /** Pen-holder mode: a block the change made is removed; its words go back to the sender. */
  private removeSuggested(transaction: Y.Transaction, item: Y.Item, refusals: Refusal[]): void {
    const element = elementOf(item);
    if (element === null) return;
    const typed = blockText(element);
    item.delete(transaction);
    refusals.push({ reason: ErrorCode.penHolder, ...(typed !== '' ? { refusedText: typed } : {}) });
  }

  /** Indexes `element` as the block `id` whose content was `snapshot` (a block put back). */
  private reinstate(id: string, element: Y.XmlElement, snapshot: ElementSnapshot): void {
    this.byId.set(id, element);
    this.idOf.set(element, id);
    this.serverAttrs.set(element, pickServerAttrs(snapshot.attrs));
  }

  private enforceCreated(item: Y.Item, refusals: Refusal[]): void {
    const element = elementOf(item);
    if (element === null) return;
    let wroteServerAttr = false;
    for (const name of SERVER_ONLY_ATTRS) {
      if (element.getAttribute(name) === undefined) continue;
      element.removeAttribute(name);
      wroteServerAttr = true;
    }
    this.serverAttrs.set(element, {});
    const id = this.claimId(element);
    if (wroteServerAttr) refusals.push({ reason: ErrorCode.serverAttribute, blockId: id });
  }

  /** Makes `element`'s id its own: keeps it if free and valid, restores its known id, or mints one. */
  private claimId(element: Y.XmlElement): string {
    const current = element.getAttribute(BlockAttr.id);
    const known = this.idOf.get(element);
    if (current === known && known !== undefined) return known;
    const holder = isValidBlockId(current) ? this.byId.get(current) : undefined;
    let id: string;
    if (isValidBlockId(current) && (holder === undefined || holder === element || isDeleted(holder))) id = current;
    else id = known ?? newBlockId();
    if (known !== undefined && known !== id && this.byId.get(known) === element) this.byId.delete(known);
    if (current !== id) element.setAttribute(BlockAttr.id, id);
    this.byId.set(id, element);
    this.idOf.set(element, id);
    return id;
  }

  private remember(id: string, element: Y.XmlElement): void {
    const canonical = snapshotElement(element);
    this.locks.set(id, { element, canonical, canonicalJson: JSON.stringify(canonical) });
    this.lockedElements.set(element, id);
  }

  private adopt(id: string, element: Y.XmlElement): void {
    this.byId.set(id, element);
    this.idOf.set(element, id);
    this.serverAttrs.set(element, pickServerAttrs(this.locks.get(id)!.canonical.attrs));
    const entry = this.locks.get(id)!;
    entry.element = element;
    this.lockedElements.set(element, id);
  }

  private forget(element: Y.XmlElement): void {
    const id = this.idOf.get(element);
    if (id !== undefined && this.byId.get(id) === element) this.byId.delete(id);
    this.idOf.delete(element);
    this.serverAttrs.delete(element);
    this.lockedElements.delete(element);
  }

  /**
   * Keeps the indexes current after a change the server made itself (an accepted
   * amendment, a restored revision): trusted, so nothing is reverted; blocks it created
   * are indexed (a duplicate id still gets a fresh one) and blocks it deleted are forgotten.
   */
  noteServerChange(transaction: Y.Transaction, touched: TouchedBlocks): void {
    const created: Y.Item[] = [];
    for (const item of touched.blocks) {
      const element = elementOf(item);
      if (element === null) continue;
      if (createdIn(transaction, item)) {
        if (!item.deleted) created.push(item);
      } else if (item.deleted) {
        const lockedId = this.lockedElements.get(element);
        if (lockedId !== undefined) this.locks.delete(lockedId);
        this.forget(element);
      }
    }
    for (const item of created) {
      const element = elementOf(item)!;
      this.serverAttrs.set(element, pickServerAttrs(element.getAttributes()));
      this.claimId(element);
    }
  }

  // ── server actions ────────────────────────────────────────────────────────

  /** The live block with this id, if any. */
  findBlock(id: string): Y.XmlElement | null {
    const element = this.byId.get(id);
    return element && !isDeleted(element) ? element : null;
  }

  isLocked(id: string): boolean {
    return this.locks.has(id);
  }

  /** True when the element is the live copy of a locked block. */
  isLockedElement(element: Y.XmlElement): boolean {
    return this.lockedElements.has(element);
  }

  /** Writes server-only attributes on a block; call inside a server-origin transaction. */
  writeServerAttrs(element: Y.XmlElement, attrs: Record<string, string | null>): void {
    const recorded = { ...(this.serverAttrs.get(element) ?? {}) };
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null) {
        element.removeAttribute(name);
        delete recorded[name];
      } else {
        element.setAttribute(name, value);
        recorded[name] = value;
      }
    }
    this.serverAttrs.set(element, recorded);
  }

  /** Locks the block (call inside a server-origin transaction); its current content becomes canonical. */
  lock(id: string, lockedBy: string, lockedAt: string): void {
    const element = this.findBlock(id)!;
    this.writeServerAttrs(element, {
      [BlockAttr.locked]: LOCKED_VALUE,
      [BlockAttr.lockedBy]: lockedBy,
      [BlockAttr.lockedAt]: lockedAt,
      [BlockAttr.status]: 'agreed',
    });
    this.remember(id, element);
  }

  /** Unlocks the block (call inside a server-origin transaction). */
  unlock(id: string, status: string): void {
    const element = this.findBlock(id)!;
    this.locks.delete(id);
    this.lockedElements.delete(element);
    this.writeServerAttrs(element, {
      [BlockAttr.locked]: null,
      [BlockAttr.lockedBy]: null,
      [BlockAttr.lockedAt]: null,
      [BlockAttr.status]: status,
    });
  }

  lockState(id: string): LockState {
    const element = this.findBlock(id);
    const attr = (name: string) => (element?.getAttribute(name) as string | undefined) ?? null;
    return { id, locked: this.locks.has(id), lockedBy: attr(BlockAttr.lockedBy), lockedAt: attr(BlockAttr.lockedAt) };
  }

  /** Number of locked blocks (for metrics and tests of the indexes). */
  get lockedCount(): number {
    return this.locks.size;
  }
}

function elementOf(item: Y.Item): Y.XmlElement | null {
  const content = item.content;
  return content instanceof Y.ContentType && content.type instanceof Y.XmlElement ? content.type : null;
}

function isDeleted(element: Y.XmlElement): boolean {
  return element._item === null || element._item.deleted;
}

/** The nearest item to the left that is live and was there before the transaction. */
function liveLeftNeighbour(transaction: Y.Transaction, item: Y.Item): Y.Item | null {
  let left = item.left;
  while (left !== null && (left.deleted || createdIn(transaction, left))) left = left.left;
  return left;
}

function pickServerAttrs(attrs: Record<string, unknown>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SERVER_ONLY_ATTRS) if (typeof attrs[name] === 'string') picked[name] = attrs[name] as string;
  return picked;
}
