/**
 * The browser's offline bookkeeping on bare Y.Docs (PROTOCOL.md O2–O5): which local changes
 * the server's own messages confirm (client/sync/pendingLedger.ts), the browser's sight of a
 * restore over its author's words (refusalWatch.ts), how accounts of one refusal become one
 * "Not kept" entry (notKept.ts), and what an old copy does when it meets the room again.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PendingLedger } from '../../client/sync/pendingLedger.js';
import { watchRefusals, type DetectedRefusal } from '../../client/sync/refusalWatch.js';
import { NotKeptList } from '../../client/sync/notKept.js';
import { dismissedEntries } from '../../client/sync/dismissedEntries.js';

const REMOTE = Symbol('server');

function paragraph(id: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.setAttribute('id', id);
  const xmlText = new Y.XmlText();
  xmlText.insert(0, text);
  element.insert(0, [xmlText]);
  return element;
}

function texts(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .map((node) => ((node as Y.XmlElement).get(0) as Y.XmlText).toString());
}

function textOf(doc: Y.Doc, index: number): Y.XmlText {
  return (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A server and a client that start from the same two paragraphs. */
function pair(): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc();
  server.getXmlFragment('default').insert(0, [paragraph('p1', 'First paragraph.'), paragraph('p2', 'Second paragraph.')]);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server), REMOTE);
  return { server, client };
}

/** Collects the client's local updates (what the provider would send). */
function localUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && updates.push(update));
  return updates;
}

describe('[O4] a change waits until the server’s own messages show it holds it', () => {
  it('[O4] an insertion is confirmed by the server’s state vector, a deletion by a delete set the server sent', () => {
    const { server, client } = pair();
    const sent = localUpdates(client);
    const ledger = new PendingLedger();
    textOf(client, 0).insert(0, 'Offline. ');
    textOf(client, 1).delete(0, 'Second '.length);
    for (const update of sent) ledger.noteLocal(update);
    expect(ledger.count).toBe(2);

    // The server's sync step 1 from before it had them confirms nothing.
    expect(ledger.noteServer(0, Y.encodeStateVector(server))).toBe(false);
    expect(ledger.count).toBe(2);

    // It applies them (the sync reply), then its broadcast of that change reaches the author.
    const broadcast: Uint8Array[] = [];
    server.on('update', (update: Uint8Array) => broadcast.push(update));
    for (const update of sent) Y.applyUpdate(server, update, 'client');
    for (const update of broadcast) ledger.noteServer(2, update);
    expect(ledger.count).toBe(0);
  });

  it('[O4] waiting changes survive a reload as JSON, and a later join’s sync confirms them', () => {
    const { server, client } = pair();
    const sent = localUpdates(client);
    const ledger = new PendingLedger();
    for (let i = 0; i < 5; i++) textOf(client, 0).insert(0, `${i}`);
    textOf(client, 1).delete(0, 1);
    for (const update of sent) ledger.noteLocal(update);
    const reloaded = new PendingLedger();
    reloaded.restore(JSON.parse(JSON.stringify(ledger.toJSON())));
    expect(reloaded.count).toBe(6);

    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client');
    reloaded.noteServer(0, Y.encodeStateVector(server)); // the next join's sync step 1: insertions
    expect(reloaded.count).toBe(1);
    reloaded.noteServer(1, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client))); // its sync step 2: the whole delete set
    expect(reloaded.count).toBe(0);
  });
});

describe('[O2] the browser sees the server put a locked paragraph back over its author’s words', () => {
  it('[O2] a restore removing own words from a locked block is reported with the words as they stood; a colleague’s deletion in an open block is not', () => {
    const { server, client } = pair();
    const own = new Set([client.clientID]);
    const found: DetectedRefusal[] = [];
    watchRefusals(client, client.getXmlFragment('default'), REMOTE, own, (refusal) => found.push(refusal));
    const sync = () => {
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client');
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), REMOTE);
    };

    // A colleague deletes the author's (already synced) words in an open paragraph: not a refusal.
    textOf(client, 0).insert('First paragraph.'.length, ' Mine.');
    sync();
    textOf(server, 0).delete('First paragraph.'.length, ' Mine.'.length);
    sync();
    expect(found).toEqual([]);

    // Offline, the author adds to ¶2; meanwhile the server locks it; on sync it puts it back.
    textOf(client, 1).insert('Second paragraph.'.length, ' Offline words.');
    const block = server.getXmlFragment('default').get(1) as Y.XmlElement;
    block.setAttribute('locked', 'true');
    block.setAttribute('lockedBy', 'Maria Moderator');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client');
    textOf(server, 1).delete('Second paragraph.'.length, ' Offline words.'.length); // the restore
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), REMOTE);

    expect(texts(client)[1]).toBe('Second paragraph.');
    expect(found).toEqual([{ blockId: 'p2', blockNumber: 2, lockedBy: 'Maria Moderator', text: 'Second paragraph. Offline words.' }]);
  });
});

describe('[O2] accounts of one refusal are one "Not kept" entry', () => {
  it('[O2] the restore and the notice merge (the fuller text wins); a refusal of the same paragraph later is its own entry', () => {
    const list = new NotKeptList();
    const at = new Date('2026-05-04T10:00:00Z');
    const base = { blockId: 'p2', blockNumber: 2, reason: 'E_LOCKED' as const, lockedBy: 'M' };
    list.add({ ...base, text: 'Second paragraph. Offline words.' }, at);
    list.add({ ...base, text: 'Second paragraph. O' }, new Date(at.getTime() + 200));
    expect(list.getSnapshot().map((e) => e.text)).toEqual(['Second paragraph. Offline words.']);
    list.add({ ...base, text: 'Second paragraph. Later words.' }, new Date(at.getTime() + 60_000));
    expect(list.getSnapshot().map((e) => e.text)).toEqual(['Second paragraph. Offline words.', 'Second paragraph. Later words.']);

    const reloaded = new NotKeptList();
    reloaded.restore([...JSON.parse(JSON.stringify(list.getSnapshot())), { id: 'x', text: 42 }]);
    expect(reloaded.getSnapshot()).toEqual(list.getSnapshot());
    reloaded.dismiss(reloaded.getSnapshot()[0]!.id);
    expect(reloaded.getSnapshot().map((e) => e.text)).toEqual(['Second paragraph. Later words.']);
  });

  it('[O2] a dismissed entry stays dismissed when the page comes back to the list saved before the dismissal', () => {
    const stored = new Map<string, string>();
    const localStorage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    };
    globalThis.localStorage = localStorage as unknown as Storage;
    try {
      const list = new NotKeptList(() => undefined, dismissedEntries('copy-1'));
      const at = new Date('2026-05-04T10:00:00Z');
      list.add({ blockId: 'p3', blockNumber: 3, reason: 'E_LOCKED', lockedBy: 'M', text: 'Round 1.' }, at);
      list.add({ blockId: 'p3', blockNumber: 3, reason: 'E_LOCKED', lockedBy: 'M', text: 'Round 2.' }, new Date(at.getTime() + 60_000));
      // The list as IndexedDB still held it when the page was reloaded right after Dismiss.
      const savedBefore = JSON.parse(JSON.stringify(list.getSnapshot()));
      list.dismiss(list.getSnapshot()[0]!.id);

      for (let reload = 0; reload < 3; reload++) {
        const reloaded = new NotKeptList(() => undefined, dismissedEntries('copy-1'));
        reloaded.restore(savedBefore);
        expect(reloaded.getSnapshot().map((e) => e.text)).toEqual(['Round 2.']);
      }
      // Another person's copy in the same browser keeps its own entries.
      const other = new NotKeptList(() => undefined, dismissedEntries('copy-2'));
      other.restore(savedBefore);
      expect(other.getSnapshot()).toHaveLength(2);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });
});

describe('[O5] an old copy meeting the room again', () => {
  it('[O5] text others deleted since the copy was made stays deleted on both sides', () => {
    const { server, client } = pair();
    const copy = Y.encodeStateAsUpdate(client); // stored yesterday
    textOf(server, 0).delete(0, 'First '.length); // someone edits since
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, copy, 'local copy');
    textOf(reopened, 1).insert(0, 'New. ');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(reopened, Y.encodeStateVector(server)), 'client');
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(server, Y.encodeStateVector(reopened)), REMOTE);
    expect(texts(server)).toEqual(['paragraph.', 'New. Second paragraph.']);
    expect(texts(reopened)).toEqual(texts(server));
  });

  it('[O5] a room restored from an older backup and a newer copy converge: the copy sends what the room lost', () => {
    const { server, client } = pair();
    const backup = Y.encodeStateAsUpdate(server);
    textOf(client, 0).insert(0, 'After the backup. ');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client');
    const copy = Y.encodeStateAsUpdate(client);

    const restored = new Y.Doc();
    Y.applyUpdate(restored, backup, 'storage');
    textOf(restored, 1).insert(0, 'Since the restore. ');
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, copy, 'local copy');
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(reopened, Y.encodeStateVector(restored)), 'client');
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(restored, Y.encodeStateVector(reopened)), REMOTE);
    expect(texts(restored)).toEqual(['After the backup. First paragraph.', 'Since the restore. Second paragraph.']);
    expect(texts(reopened)).toEqual(texts(restored));
  });
});
