/**
 * Block ids (shared/PROTOCOL.md L4): the id rules in shared/blocks.ts, and the lock policy
 * keeping ids unique on a bare Y.Doc while clients paste, split concurrently and undo.
 *
 * The server here is the policy alone: each client update is applied in one transaction with
 * the client as origin and the policy enforces in that same transaction, as the pipeline does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isValidBlockId, newBlockId } from '../../shared/blocks.js';
import { LockPolicy, type Refusal } from '../../server/collab/lockPolicy.js';
import { findTouchedBlocks } from '../../server/collab/touchedBlocks.js';
import { SERVER_ORIGIN } from '../../server/collab/origins.js';

// ── a server and its clients, without a network ─────────────────────────────

function paragraph(text: string, attrs: Record<string, string> = {}): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  element.insert(0, [xmlText]);
  return element;
}

function textOf(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? child
            .toDelta()
            .map((op: { insert: string }) => op.insert)
            .join('')
        : '',
    )
    .join('');
}

class PolicyServer {
  readonly doc = new Y.Doc();
  readonly fragment = this.doc.getXmlFragment('default');
  readonly policy = new LockPolicy(this.fragment);

  constructor(blocks: Array<{ text: string; id?: string }>) {
    this.doc.transact(() => {
      this.fragment.insert(
        0,
        blocks.map((b) => paragraph(b.text, b.id === undefined ? {} : { id: b.id })),
      );
      this.policy.indexDocument();
    }, SERVER_ORIGIN);
  }

  /** What the pipeline does with a client's update: apply and enforce in one transaction. */
  receive(update: Uint8Array, origin: object = {}): Refusal[] {
    const refusals: Refusal[] = [];
    this.doc.transact((transaction) => {
      Y.applyUpdate(this.doc, update, origin);
      refusals.push(...this.policy.enforce(transaction, findTouchedBlocks(transaction, this.fragment)));
      transaction.local = true; // the server's own fixes in it are ours (see updatePipeline.ts)
    }, origin);
    return refusals;
  }

  lock(id: string): void {
    this.doc.transact(() => this.policy.lock(id, 'Moderator', '2026-01-01T00:00:00.000Z'), SERVER_ORIGIN);
  }

  ids(): unknown[] {
    return this.fragment.toArray().map((node) => (node as Y.XmlElement).getAttribute('id'));
  }

  texts(): string[] {
    return this.fragment.toArray().map((node) => textOf(node as Y.XmlElement));
  }
}

/** Origin of what a client receives from the server (so a client's UndoManager, which tracks local changes, ignores it). */
const FROM_SERVER = Symbol('from server');

/** A client that starts from the server's state. */
function join(server: PolicyServer): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.doc), FROM_SERVER);
  return doc;
}

/** The client sends what the server lacks; returns the refusals. */
function push(client: Y.Doc, server: PolicyServer): Refusal[] {
  return server.receive(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server.doc)));
}

/** The client receives what it lacks from the server. */
function pull(client: Y.Doc, server: PolicyServer): void {
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(client)), FROM_SERVER);
}

function idsOf(doc: Y.Doc): unknown[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((node) => (node as Y.XmlElement).getAttribute('id'));
}

function byId(doc: Y.Doc, id: string): Y.XmlElement {
  return doc
    .getXmlFragment('default')
    .toArray()
    .find((node) => (node as Y.XmlElement).getAttribute('id') === id) as Y.XmlElement;
}

/** Splits the paragraph holding `id` at `offset` the way an editor binding does: the head stays, the tail moves into a new paragraph that copies the attributes. */
function split(doc: Y.Doc, id: string, offset: number): void {
  const fragment = doc.getXmlFragment('default');
  const element = byId(doc, id);
  const index = fragment.toArray().indexOf(element);
  const text = element.get(0) as Y.XmlText;
  const whole = textOf(element);
  doc.transact(() => {
    text.delete(offset, whole.length - offset);
    fragment.insert(index + 1, [paragraph(whole.slice(offset), element.getAttributes() as Record<string, string>)]);
  });
}

function expectUniqueValidIds(ids: unknown[]): void {
  expect(ids.every(isValidBlockId)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

// ── the id rules ────────────────────────────────────────────────────────────

describe('block id rules (shared/blocks.ts)', () => {
  it.each(['a', 'Z', '0', 'p-1_b', 'x'.repeat(64), 'AbC123xyz789'])('[L4] %j is a valid id', (id) => {
    expect(isValidBlockId(id)).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a space', 'has space'],
    ['a dot', 'a.b'],
    ['a path', '../etc/passwd'],
    ['markup', '<b>x</b>'],
    ['a trailing newline', 'abc\n'],
    ['a non-ASCII letter', 'paragraphé'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: 'a' }],
  ])('[L4] %s is not a valid id', (_name, value) => {
    expect(isValidBlockId(value)).toBe(false);
  });

  it('[L4] newBlockId gives valid, 12-character ids that do not repeat', () => {
    const ids = Array.from({ length: 10_000 }, () => newBlockId());
    expect(ids.every((id) => isValidBlockId(id) && id.length === 12)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// ── the lock policy keeps ids unique ────────────────────────────────────────

describe('the lock policy keeps ids unique on a bare Y.Doc', () => {
  it('[L4] a loaded document with missing, invalid and duplicate ids is given unique ones; the first holder keeps its id', () => {
    const server = new PolicyServer([
      { text: 'One', id: 'p1' },
      { text: 'Two' },
      { text: 'Three', id: 'p1' },
      { text: 'Four', id: 'not valid!' },
    ]);
    const ids = server.ids();
    expectUniqueValidIds(ids);
    expect(ids[0]).toBe('p1');
  });

  it('[L4] a client pasting copies that carry an existing id, an invalid id or none: each copy gets a fresh id, the original keeps its own, the client converges', () => {
    const server = new PolicyServer([
      { text: 'Original', id: 'p1' },
      { text: 'Second', id: 'p2' },
    ]);
    const client = join(server);
    const fragment = client.getXmlFragment('default');
    fragment.insert(2, [
      paragraph('Copy A', { id: 'p1' }),
      paragraph('Copy B', { id: 'p1' }),
      paragraph('Copy C', { id: 'p2' }),
      paragraph('Bad', { id: '<script>' }),
      paragraph('None'),
    ]);
    expect(push(client, server)).toEqual([]); // fixing an id is not a refusal: the content stands
    const ids = server.ids();
    expectUniqueValidIds(ids);
    expect(ids.slice(0, 2)).toEqual(['p1', 'p2']);
    expect(server.texts()).toEqual(['Original', 'Second', 'Copy A', 'Copy B', 'Copy C', 'Bad', 'None']);
    pull(client, server);
    expect(idsOf(client)).toEqual(ids);
  });

  it('[L4] a paragraph moved within one update (deleted, re-inserted with its id elsewhere) keeps its id', () => {
    const server = new PolicyServer([
      { text: 'One', id: 'p1' },
      { text: 'Two', id: 'p2' },
      { text: 'Three', id: 'p3' },
    ]);
    const client = join(server);
    const fragment = client.getXmlFragment('default');
    client.transact(() => {
      fragment.delete(0, 1);
      fragment.insert(2, [paragraph('One', { id: 'p1' })]);
    });
    push(client, server);
    expect(server.ids()).toEqual(['p2', 'p3', 'p1']);
  });

  it.each(['Alice’s split first', 'Bob’s split first'])(
    '[L4] two people splitting the same paragraph at once (%s): ids stay unique and everyone converges',
    (order) => {
      const server = new PolicyServer([
        { text: 'Alpha. Beta. Gamma.', id: 'p1' },
        { text: 'Next.', id: 'p2' },
      ]);
      const alice = join(server);
      const bob = join(server);
      split(alice, 'p1', 'Alpha. '.length);
      split(bob, 'p1', 'Alpha. Beta. '.length);
      // Both splits copied the id: each client, alone, now holds p1 twice.
      expect(idsOf(alice).filter((id) => id === 'p1')).toHaveLength(2);
      const [first, second] = order.startsWith('Alice') ? [alice, bob] : [bob, alice];
      push(first, server);
      pull(first, server);
      push(second, server);
      for (const client of [alice, bob]) pull(client, server);
      const ids = server.ids();
      expectUniqueValidIds(ids);
      expect(ids[0]).toBe('p1'); // the paragraph that was split keeps its id
      expect(ids).toContain('p2');
      expect(idsOf(alice)).toEqual(ids);
      expect(idsOf(bob)).toEqual(ids);
      expect(alice.getXmlFragment('default').toString()).toBe(server.fragment.toString());
      expect(bob.getXmlFragment('default').toString()).toBe(server.fragment.toString());
    },
  );

  it('[L4] both splits arriving in one update (a client back from offline) still give unique ids', () => {
    const server = new PolicyServer([{ text: 'Alpha. Beta. Gamma.', id: 'p1' }]);
    const alice = join(server);
    const bob = join(server);
    split(alice, 'p1', 'Alpha. '.length);
    split(bob, 'p1', 'Alpha. Beta. '.length);
    const merged = Y.mergeUpdates([
      Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server.doc)),
      Y.encodeStateAsUpdate(bob, Y.encodeStateVector(server.doc)),
    ]);
    server.receive(merged);
    expectUniqueValidIds(server.ids());
    expect(server.ids()[0]).toBe('p1');
  });

  it('[L4] undo re-inserting a deleted paragraph brings back its old id when nobody holds it', () => {
    const server = new PolicyServer([
      { text: 'One', id: 'p1' },
      { text: 'Two', id: 'p2' },
    ]);
    const client = join(server);
    const undo = new Y.UndoManager(client.getXmlFragment('default'), { captureTimeout: 0 });
    client.getXmlFragment('default').delete(1, 1);
    push(client, server);
    expect(server.ids()).toEqual(['p1']);
    undo.undo();
    push(client, server);
    expect(server.ids()).toEqual(['p1', 'p2']);
    expect(server.texts()).toEqual(['One', 'Two']);
  });

  it('[L4] undo re-inserting a paragraph whose id someone took meanwhile gives the returning copy a fresh id', () => {
    const server = new PolicyServer([
      { text: 'One', id: 'p1' },
      { text: 'Two', id: 'p2' },
    ]);
    const alice = join(server);
    const bob = join(server);
    const undo = new Y.UndoManager(alice.getXmlFragment('default'), { captureTimeout: 0 });
    alice.getXmlFragment('default').delete(1, 1);
    push(alice, server);
    pull(bob, server);
    bob.getXmlFragment('default').insert(1, [paragraph('Bob pasted this', { id: 'p2' })]);
    push(bob, server);
    expect(server.ids()).toEqual(['p1', 'p2']); // the id was free, so Bob's paste may keep it
    pull(alice, server);
    undo.undo();
    push(alice, server);
    const ids = server.ids();
    expectUniqueValidIds(ids);
    expect(ids).toHaveLength(3);
    expect(server.texts().sort()).toEqual(['Bob pasted this', 'One', 'Two']);
    expect(byId(server.doc, 'p2') && textOf(byId(server.doc, 'p2'))).toBe('Bob pasted this');
  });

  it('[L4] undoing a split removes the split-off paragraph; the ids left are unique', () => {
    const server = new PolicyServer([{ text: 'Alpha. Beta.', id: 'p1' }]);
    const client = join(server);
    const undo = new Y.UndoManager(client.getXmlFragment('default'), { captureTimeout: 0 });
    split(client, 'p1', 'Alpha. '.length);
    push(client, server);
    pull(client, server);
    expectUniqueValidIds(server.ids());
    expect(server.ids()).toHaveLength(2);
    undo.undo();
    push(client, server);
    pull(client, server);
    expect(server.ids()).toEqual(['p1']);
    expect(server.texts()).toEqual(['Alpha. Beta.']);
    expect(idsOf(client)).toEqual(['p1']);
  });

  it('[L4] undo re-sending a deleted locked paragraph cannot double its id: the locked one keeps it, unchanged', () => {
    const server = new PolicyServer([
      { text: 'Agreed.', id: 'p1' },
      { text: 'Open.', id: 'p2' },
    ]);
    server.lock('p1');
    const client = join(server);
    const undo = new Y.UndoManager(client.getXmlFragment('default'), { captureTimeout: 0 });
    client.getXmlFragment('default').delete(0, 1);
    expect(push(client, server).map((r) => r.reason)).toEqual(['E_LOCKED']);
    pull(client, server); // the server restored it: the client sees it back
    undo.undo(); // and Ctrl-Z re-inserts the copy it had deleted
    push(client, server);
    pull(client, server);
    const ids = server.ids();
    expectUniqueValidIds(ids);
    const locked = byId(server.doc, 'p1');
    expect(textOf(locked)).toBe('Agreed.');
    expect(locked.getAttribute('locked')).toBe('true');
    expect(server.fragment.toArray().filter((node) => (node as Y.XmlElement).getAttribute('locked') === 'true')).toHaveLength(1);
    expect(idsOf(client)).toEqual(ids);
  });
});
