/**
 * The store's contract (server/store/Store.ts), one suite run against both engines: SQLite in a
 * DATA_DIR and a real PostgreSQL (PROTOCOL.md K1). What one engine answers, the other answers
 * the same: the rest of the server cannot tell them apart. The workflow half of the contract
 * has its own suite (workflowStoreContract.test.ts).
 */
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { PostgresStore } from '../../server/store/postgres/PostgresStore.js';
import type { Store } from '../../server/store/Store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const ENGINES: Array<{ name: string; open: () => Promise<{ store: Store; close: () => void }> }> = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'draftroom-store-'));
      const store = new SqliteStore(dir);
      return {
        store,
        close: () => {
          store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const store = new PostgresStore(await postgres.newDatabase());
      return { store, close: () => store.close() };
    },
  },
];

const AT = '2026-12-06T10:00:00.000Z';
const LOCK_EVENT = {
  docId: 'room-a',
  blockId: 'b1',
  action: 'lock' as const,
  byName: 'Chair',
  byDelegation: 'Chair',
  at: AT,
  text: 'Agreed.',
  reason: null,
};

describe.each(ENGINES)('[K1] the store on $name', ({ open }) => {
  let store: Store;
  let close: () => void;
  beforeEach(async () => {
    ({ store, close } = await open());
    store.createDocument({ id: 'room-a', title: 'Conclusions', createdAt: AT });
    store.createDocument({ id: 'room-b', title: 'Other', createdAt: AT, language: 'fr', timeZone: 'Europe/Paris' });
  });
  afterEach(() => close());

  it('keeps rooms with their settings; a setting left out stays as it was', () => {
    expect(store.getDocument('room-a')).toEqual({
      id: 'room-a',
      title: 'Conclusions',
      createdAt: AT,
      language: 'en',
      timeZone: null,
      editMode: 'open',
    });
    store.updateDocumentSettings('room-a', { editMode: 'pen-holder' });
    store.updateDocumentSettings('room-a', { language: 'de' });
    expect(store.getDocument('room-a')).toMatchObject({ language: 'de', timeZone: null, editMode: 'pen-holder' });
    expect(store.getDocument('room-b')).toMatchObject({ language: 'fr', timeZone: 'Europe/Paris' });
    expect(store.getDocument('nowhere')).toBeNull();
  });

  it('gives back the updates it logged, byte for byte and in order, per room', () => {
    const updates = ['one', 'two', 'three'].map((word, i) => {
      const doc = new Y.Doc();
      doc.clientID = 4_000_000_000 + i; // Yjs client ids are 32-bit unsigned: beyond a signed int
      doc.getText('t').insert(0, word);
      return Y.encodeStateAsUpdate(doc);
    });
    for (const update of updates) store.appendUpdate('room-a', update);
    store.appendUpdate('room-b', updates[0]!);
    expect(store.loadDocumentUpdates('room-a').map((u) => [...u])).toEqual(updates.map((u) => [...u]));
    expect(store.loadDocumentUpdates('room-b')).toHaveLength(1);
    expect(store.updateLogLength('room-a').count).toBe(3);
    expect(store.loadDocumentUpdates('room-c')).toEqual([]);
  });

  it('[D6] folds the log into a snapshot, and never folds backwards over a newer one', () => {
    for (const byte of [1, 2, 3]) store.appendUpdate('room-a', new Uint8Array([byte]));
    const { count, maxSeq } = store.updateLogLength('room-a');
    expect(count).toBe(3);
    store.compact('room-a', new Uint8Array([9, 9]), maxSeq);
    store.appendUpdate('room-a', new Uint8Array([4]));
    expect(store.loadDocumentUpdates('room-a').map((u) => [...u])).toEqual([[9, 9], [4]]);
    expect(store.updateLogLength('room-a').count).toBe(1);
    store.compact('room-a', new Uint8Array([0]), maxSeq - 1);
    expect(store.loadDocumentUpdates('room-a').map((u) => [...u])).toEqual([[9, 9], [4]]);
  });

  it('[F2] a transaction stands whole or not at all, and nests', () => {
    expect(() =>
      store.transaction(() => {
        store.appendUpdate('room-a', new Uint8Array([1]));
        store.appendActivity({ docId: 'room-a', kind: 'lock', byName: 'Chair', at: AT, blockId: 'b1', detail: null });
        throw new Error('the action failed halfway');
      }),
    ).toThrow('the action failed halfway');
    expect(store.loadDocumentUpdates('room-a')).toEqual([]);
    expect(store.listActivity('room-a')).toEqual([]);

    const result = store.transaction(() => {
      store.appendUpdate('room-a', new Uint8Array([1]));
      expect(() =>
        store.transaction(() => {
          store.appendUpdate('room-a', new Uint8Array([2]));
          throw new Error('inner');
        }),
      ).toThrow('inner');
      return store.transaction(() => {
        store.appendUpdate('room-a', new Uint8Array([3]));
        return 'done';
      });
    });
    expect(result).toBe('done');
    expect(store.loadDocumentUpdates('room-a').map((u) => [...u])).toEqual([[1], [3]]);
  });

  it('keeps invites: revoked once, uses counted, first use kept', () => {
    store.createInvite({
      id: 'i1',
      docId: 'room-a',
      role: 'expert',
      name: 'Anna',
      delegation: 'Austria',
      expiresAt: null,
      createdAt: AT,
      scope: 'room',
    });
    store.createInvite({
      id: 'i2',
      docId: 'room-a',
      role: 'observer',
      name: null,
      delegation: null,
      expiresAt: AT,
      createdAt: '2026-12-06T11:00:00.000Z',
      scope: 'projector',
    });
    expect(store.getInvite('i1')).toEqual({
      id: 'i1',
      docId: 'room-a',
      role: 'expert',
      name: 'Anna',
      delegation: 'Austria',
      expiresAt: null,
      createdAt: AT,
      revokedAt: null,
      firstUsedAt: null,
      lastUsedAt: null,
      uses: 0,
      scope: 'room',
    });
    store.markInviteUsed('i1', '2026-12-06T10:01:00.000Z');
    store.markInviteUsed('i1', '2026-12-06T10:02:00.000Z');
    expect(store.getInvite('i1')).toMatchObject({
      firstUsedAt: '2026-12-06T10:01:00.000Z',
      lastUsedAt: '2026-12-06T10:02:00.000Z',
      uses: 2,
    });
    expect(store.revokedInvites(['i1', 'i2', 'nobody'])).toEqual(['nobody']);
    expect(store.revokeInvite('i1', AT)).toBe(true);
    expect(store.revokeInvite('i1', AT)).toBe(false);
    expect(store.revokedInvites(['i1', 'i2', 'nobody']).sort()).toEqual(['i1', 'nobody']);
    expect(store.revokedInvites([])).toEqual([]);
    expect(store.listInvites('room-a').map((i) => [i.id, i.scope])).toEqual([
      ['i1', 'room'],
      ['i2', 'projector'],
    ]);
    expect(store.listInvites('room-b')).toEqual([]);
    expect(store.getInvite('nobody')).toBeNull();
  });

  it('[U1][U2][U3] keeps who wrote under which client id (the first record stands), when, and who edited which paragraph', () => {
    const author = { docId: 'room-a', clientId: 4_123_456_789, inviteId: 'i1', name: 'Anna', delegation: 'Austria', firstAt: AT };
    const other = { ...author, clientId: 7, inviteId: null, name: 'Draftroom', delegation: '' };
    store.recordClientAuthors([author, other, { ...author, name: 'Someone else' }]);
    store.recordClientAuthors([{ ...author, name: 'Someone else again' }]);
    store.recordClientAuthors([]);
    expect(sortBy(store.listClientAuthors('room-a'), 'clientId')).toEqual([other, author]);

    const mark = (clock: number, at: string) => ({ docId: 'room-a', clientId: 4_123_456_789, clock, at });
    store.recordClockTimes([mark(0, AT), mark(0, '2026-12-06T10:05:00.000Z')]);
    store.recordClockTimes([mark(40, '2026-12-06T10:01:00.000Z')]);
    store.recordClockTimes([]);
    expect(store.listClockTimes('room-a')).toEqual([
      { clientId: 4_123_456_789, clock: 0, at: AT },
      { clientId: 4_123_456_789, clock: 40, at: '2026-12-06T10:01:00.000Z' },
    ]);
    expect(store.listClockTimes('room-a', '2026-12-06T10:00:30.000Z')).toHaveLength(1);

    const stretch = {
      docId: 'room-a',
      blockId: 'b1',
      inviteId: 'i1',
      name: 'Anna',
      delegation: 'Austria',
      firstAt: AT,
      lastAt: AT,
      changes: 1,
    };
    // Each id belongs to the stretch at its place in the batch, whatever the batch's size.
    const [first, second, third] = store.insertEditStretches([
      stretch,
      { ...stretch, blockId: 'b2', changes: 2 },
      { ...stretch, blockId: 'b3' },
    ]);
    const [fourth] = store.insertEditStretches([{ ...stretch, blockId: 'b4', inviteId: null }]);
    expect(store.insertEditStretches([])).toEqual([]);
    expect([first, second, third, fourth].every((id, i, ids) => i === 0 || id! > ids[i - 1]!)).toBe(true);
    store.extendEditStretches([
      { id: first!, lastAt: '2026-12-06T10:03:00.000Z', changes: 5 },
      { id: third!, lastAt: '2026-12-06T10:04:00.000Z', changes: 1 },
    ]);
    store.extendEditStretches([{ id: first!, lastAt: '2026-12-06T10:05:00.000Z', changes: 1 }]);
    store.extendEditStretches([]);
    expect(store.listEditStretches('room-a', 10)).toEqual([
      { ...stretch, id: fourth, blockId: 'b4', inviteId: null },
      { ...stretch, id: third, blockId: 'b3', lastAt: '2026-12-06T10:04:00.000Z', changes: 2 },
      { ...stretch, id: second, blockId: 'b2', changes: 2 },
      { ...stretch, id: first, lastAt: '2026-12-06T10:05:00.000Z', changes: 7 },
    ]);
    expect(store.listEditStretches('room-a', 1)).toHaveLength(1);
  });

  it('keeps the lock audit and the activity log in order, per room', () => {
    const event = LOCK_EVENT;
    store.appendLockEvent(event);
    store.appendLockEvent({ ...event, action: 'unlock', reason: 'reopened at the request of Austria' });
    expect(store.listLockEvents('room-a').map(({ id: _, ...rest }) => rest)).toEqual([
      event,
      { ...event, action: 'unlock', reason: 'reopened at the request of Austria' },
    ]);
    store.appendActivity({ docId: 'room-a', kind: 'lock', byName: 'Chair', at: AT, blockId: 'b1', detail: '{"x":1}' });
    store.appendActivity({ docId: 'room-b', kind: 'lock', byName: 'Chair', at: AT, blockId: null, detail: null });
    expect(store.listActivity('room-a')).toEqual([
      { id: expect.any(Number), docId: 'room-a', kind: 'lock', byName: 'Chair', at: AT, blockId: 'b1', detail: '{"x":1}' },
    ]);
  });

  it('records text holding a NUL character (which PostgreSQL text cannot hold) rather than fail the action', () => {
    const event = { ...LOCK_EVENT, text: 'Agreed.\u0000' };
    store.appendLockEvent(event);
    expect(['Agreed.\u0000', 'Agreed.\uFFFD']).toContain(store.listLockEvents('room-a')[0]!.text);
  });

  it('keeps settings, the last value standing; a write probe writes', () => {
    expect(store.getSetting('secret')).toBeNull();
    store.putSetting('secret', 'one');
    store.putSetting('secret', 'two');
    expect(store.getSetting('secret')).toBe('two');
    store.probeWrite();
    expect(store.getSetting('write-probe')).not.toBeNull();
  });
});

function sortBy<T>(rows: T[], key: keyof T): T[] {
  return [...rows].sort((a, b) => Number(a[key]) - Number(b[key]));
}
