/**
 * The records of who edited what (U1–U3) sit on the path of every keystroke. A stretch is
 * written when it starts and then at most every STRETCH_WRITE_MS, its changes counted in
 * memory between; every record goes through the server's EditRecords, which writes each kind
 * for all rooms in one statement, off the keystroke; nothing held is lost (flush, the next
 * stretch, a refusing store).
 */
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EDIT_STRETCH_GAP_MS, EditLog, STRETCH_WRITE_MS } from '../../server/collab/EditLog.js';
import { EDIT_RECORDS_FLUSH_MS, EditRecords } from '../../server/collab/EditRecords.js';
import { ClientAuthors } from '../../server/collab/ClientAuthors.js';
import type { Store } from '../../server/store/Store.js';
import type { ClientAuthorRecord, EditStretchExtension, EditStretchRecord, RoomClockTimeRecord } from '../../server/store/records.js';

type Stretch = Omit<EditStretchRecord, 'id'>;

/** A store that keeps the records in arrays and counts its statements (one per call, as the real ones). */
function fakeStore() {
  const rows: Stretch[] = [];
  const authors: ClientAuthorRecord[] = [];
  const marks: RoomClockTimeRecord[] = [];
  let statements = 0;
  let refusing = false;
  const statement = () => {
    statements++;
    if (refusing) throw new Error('SQLITE_FULL');
  };
  const store = {
    probeWrite() {
      if (refusing) throw new Error('SQLITE_FULL');
    },
    recordClientAuthors(batch: ClientAuthorRecord[]) {
      statement();
      // A record the store will never take (as a broken one would be), while it takes others.
      if (batch.some((author) => author.name === 'Unstorable')) throw new Error('SQLITE_CONSTRAINT');
      authors.push(...batch);
    },
    recordClockTimes(batch: RoomClockTimeRecord[]) {
      statement();
      marks.push(...batch);
    },
    insertEditStretches(batch: Stretch[]) {
      statement();
      return batch.map((row) => rows.push({ ...row }));
    },
    extendEditStretches(batch: EditStretchExtension[]) {
      statement();
      for (const { id, lastAt, changes } of batch) {
        const row = rows[id - 1]!;
        row.lastAt = lastAt;
        row.changes += changes;
      }
    },
  };
  return {
    store: store as unknown as Store,
    rows,
    authors,
    marks,
    statements: () => statements,
    refuse: (value: boolean) => {
      refusing = value;
    },
  };
}

const silent = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
const anna = { inviteId: 'inv-a', name: 'Anna Novak', delegation: 'Austria' };
const T0 = Date.parse('2026-12-06T19:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('[U3] stretches of editing on the path of every keystroke', () => {
  it('a burst of 200 changes in 10 s is three writes even when flushed after every change, and every change is counted', () => {
    const { store, rows, statements } = fakeStore();
    const records = new EditRecords(store, silent);
    const log = new EditLog('doc', records);
    for (let i = 0; i < 200; i++) {
      log.noteEdits(anna, ['b1'], T0 + i * 50);
      records.flush();
    }
    expect(statements()).toBeLessThanOrEqual(1 + Math.ceil((200 * 50) / STRETCH_WRITE_MS));
    log.flush(T0 + 10_000);
    expect(rows).toEqual([
      {
        docId: 'doc',
        blockId: 'b1',
        inviteId: 'inv-a',
        name: 'Anna Novak',
        delegation: 'Austria',
        firstAt: new Date(T0).toISOString(),
        lastAt: new Date(T0 + 199 * 50).toISOString(),
        changes: 200,
      },
    ]);
  });

  it('past the gap a new stretch starts, and the one that ended keeps its last change', () => {
    const { store, rows } = fakeStore();
    const log = new EditLog('doc', new EditRecords(store, silent));
    log.noteEdits(anna, ['b1'], T0);
    log.noteEdits(anna, ['b1'], T0 + 1_000);
    log.noteEdits(anna, ['b1'], T0 + 1_000 + EDIT_STRETCH_GAP_MS);
    log.flush(T0 + 2_000 + EDIT_STRETCH_GAP_MS);
    expect(rows.map((r) => [r.changes, r.lastAt])).toEqual([
      [2, new Date(T0 + 1_000).toISOString()],
      [1, new Date(T0 + 1_000 + EDIT_STRETCH_GAP_MS).toISOString()],
    ]);
  });

  it('a store that refuses holds the changes and writes them once it takes them again; the edit itself never fails', () => {
    const { store, rows, refuse } = fakeStore();
    const log = new EditLog('doc', new EditRecords(store, silent));
    log.noteEdits(anna, ['b1'], T0);
    log.flush(T0);
    refuse(true);
    for (let i = 1; i <= 5; i++) expect(() => log.noteEdits(anna, ['b1'], T0 + i * STRETCH_WRITE_MS)).not.toThrow();
    expect(() => log.flush(T0 + 6 * STRETCH_WRITE_MS)).not.toThrow();
    refuse(false);
    log.flush(T0 + 7 * STRETCH_WRITE_MS);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changes).toBe(6);
  });

  it('a stretch the store refused to start is started later with every change it had meanwhile', () => {
    const { store, rows, refuse } = fakeStore();
    const log = new EditLog('doc', new EditRecords(store, silent));
    refuse(true);
    for (let i = 0; i < 3; i++) log.noteEdits(anna, ['b1'], T0 + i * 1_000);
    log.flush(T0 + 3_000);
    expect(rows).toEqual([]);
    refuse(false);
    log.flush(T0 + 4_000);
    expect(rows.map((r) => [r.changes, r.lastAt])).toEqual([[3, new Date(T0 + 2_000).toISOString()]]);
  });
});

describe('[U1][U2][U3] the records of a session opening: everybody’s first keystroke at once', () => {
  it('200 people in 20 rooms are one statement per kind, written within EDIT_RECORDS_FLUSH_MS and not on the keystroke', () => {
    vi.useFakeTimers();
    const { store, authors, marks, rows, statements } = fakeStore();
    const records = new EditRecords(store, silent);
    for (let r = 0; r < 20; r++) {
      const authorsOfRoom = new ClientAuthors(`room-${r}`, records);
      const log = new EditLog(`room-${r}`, records);
      for (let p = 0; p < 10; p++) {
        const person = { inviteId: `inv-${r}-${p}`, name: `Delegate ${p}`, delegation: 'Austria' };
        const clientId = r * 100 + p;
        authorsOfRoom.note(clientId, person);
        log.noteClock(clientId, 0, T0);
        log.noteEdits(person, [`b${p}`], T0);
      }
    }
    expect(statements()).toBe(0);
    vi.advanceTimersByTime(EDIT_RECORDS_FLUSH_MS);
    expect(statements()).toBe(3);
    expect([authors.length, marks.length, rows.length]).toEqual([200, 200, 200]);
    expect(rows[57]).toMatchObject({ docId: 'room-5', blockId: 'b7', inviteId: 'inv-5-7', changes: 1 });
  });

  it('what the store refuses stays held and goes with the next flush, each record once', () => {
    const { store, authors, marks, refuse } = fakeStore();
    const records = new EditRecords(store, silent);
    const roomAuthors = new ClientAuthors('room', records);
    const log = new EditLog('room', records);
    refuse(true);
    roomAuthors.note(1, anna);
    log.noteClock(1, 0, T0);
    records.flush();
    records.flush();
    refuse(false);
    roomAuthors.note(1, anna); // already noted: not again
    roomAuthors.note(2, { ...anna, inviteId: 'inv-b', name: 'Ben' });
    records.flush();
    records.flush();
    expect(authors.map((a) => a.clientId)).toEqual([1, 2]);
    expect(marks.map((m) => m.clientId)).toEqual([1]);
  });

  it('a record the store will never take is dropped, and the others of its batch are written, every time', () => {
    const { store, authors } = fakeStore();
    const records = new EditRecords(store, silent);
    const roomAuthors = new ClientAuthors('room', records);
    for (let round = 0; round < 3; round++) {
      roomAuthors.note(round * 10 + 1, anna);
      roomAuthors.note(round * 10 + 2, { ...anna, name: 'Unstorable' });
      roomAuthors.note(round * 10 + 3, { ...anna, inviteId: 'inv-b', name: 'Ben' });
      records.flush();
      records.flush();
    }
    expect(authors.map((a) => a.clientId)).toEqual([1, 3, 11, 13, 21, 23]);
  });
});
