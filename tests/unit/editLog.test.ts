/**
 * The record of who edited which paragraph (U3) sits on the path of every keystroke: a stretch
 * is written when it starts and then at most every STRETCH_WRITE_MS, its changes counted in
 * memory between, and nothing held is lost (flush, the next stretch, a refusing store).
 */
import { describe, expect, it } from 'vitest';
import { EDIT_STRETCH_GAP_MS, EditLog, STRETCH_WRITE_MS } from '../../server/collab/EditLog.js';
import type { Store } from '../../server/store/Store.js';

interface Row {
  blockId: string;
  name: string;
  lastAt: string;
  changes: number;
}

function fakeStore() {
  const rows: Row[] = [];
  let writes = 0;
  let refusing = false;
  const store = {
    insertEditStretch(row: Row) {
      writes++;
      if (refusing) throw new Error('SQLITE_FULL');
      rows.push({ ...row });
      return rows.length;
    },
    extendEditStretch(id: number, lastAt: string, changes: number) {
      writes++;
      if (refusing) throw new Error('SQLITE_FULL');
      const row = rows[id - 1]!;
      row.lastAt = lastAt;
      row.changes += changes;
    },
    recordClockTime() {},
  };
  return {
    store: store as unknown as Store,
    rows,
    writes: () => writes,
    refuse: (value: boolean) => {
      refusing = value;
    },
  };
}

const anna = { inviteId: 'inv-a', name: 'Anna Novak', delegation: 'Austria' };
const T0 = Date.parse('2026-12-06T19:00:00Z');

describe('[U3] stretches of editing on the path of every keystroke', () => {
  it('a burst of 200 changes in 10 s is three writes, and every change is counted once flushed', () => {
    const { store, rows, writes } = fakeStore();
    const log = new EditLog('doc', store);
    for (let i = 0; i < 200; i++) log.noteEdits(anna, ['b1'], T0 + i * 50);
    expect(writes()).toBeLessThanOrEqual(1 + Math.ceil((200 * 50) / STRETCH_WRITE_MS));
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
    const log = new EditLog('doc', store);
    log.noteEdits(anna, ['b1'], T0);
    log.noteEdits(anna, ['b1'], T0 + 1_000);
    log.noteEdits(anna, ['b1'], T0 + 1_000 + EDIT_STRETCH_GAP_MS);
    expect(rows.map((r) => [r.changes, r.lastAt])).toEqual([
      [2, new Date(T0 + 1_000).toISOString()],
      [1, new Date(T0 + 1_000 + EDIT_STRETCH_GAP_MS).toISOString()],
    ]);
  });

  it('a store that refuses holds the changes and writes them once it takes them again; the edit itself never fails', () => {
    const { store, rows, refuse } = fakeStore();
    const log = new EditLog('doc', store);
    log.noteEdits(anna, ['b1'], T0);
    refuse(true);
    for (let i = 1; i <= 5; i++) expect(() => log.noteEdits(anna, ['b1'], T0 + i * STRETCH_WRITE_MS)).not.toThrow();
    expect(() => log.flush(T0 + 6 * STRETCH_WRITE_MS)).not.toThrow();
    refuse(false);
    log.flush(T0 + 7 * STRETCH_WRITE_MS);
    expect(rows[0]!.changes).toBe(6);
  });
});
