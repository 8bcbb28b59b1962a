/**
 * A room's data moved from SQLite in DATA_DIR to an empty PostgreSQL database (PROTOCOL.md K4):
 * every table, every row, with its ids, so links, amendment numbers and the update log read
 * the same afterwards. DATA_DIR stays locked throughout (no server may write meanwhile) and the
 * SQLite file is only read: it stays as it was, the way back. One PostgreSQL transaction: a
 * move that fails halfway leaves the database empty.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../openDatabase.js';
import { schemaVersion } from '../migrations.js';
import { lockDataDir } from '../dataDirLock.js';
import { StartupRefusal } from '../dataDir.js';
import { openPostgresStore, type PostgresStore } from './PostgresStore.js';

/** Every table, parents before children; the columns are the same in both schemas. */
const TABLES = [
  'documents',
  'updates',
  'snapshots',
  'invites',
  'lock_events',
  'activity',
  'settings',
  'amendments',
  'amendment_cosponsors',
  'comments',
  'revisions',
  'presenting',
  'silence_procedures',
  'silence_breaks',
  'client_authors',
  'clock_times',
  'edit_stretches',
] as const;

/** Identity columns whose next value must follow the moved rows. */
const IDENTITIES: Array<[table: (typeof TABLES)[number], column: string]> = [
  ['updates', 'seq'],
  ['lock_events', 'id'],
  ['activity', 'id'],
  ['amendments', 'id'],
  ['amendment_cosponsors', 'position'],
  ['comments', 'id'],
  ['silence_procedures', 'id'],
  ['silence_breaks', 'position'],
  ['edit_stretches', 'id'],
];

/** SQLite's insertion order stands in for the position columns PostgreSQL keeps explicitly. */
const ROWID_AS: Partial<Record<(typeof TABLES)[number], string>> = { amendment_cosponsors: 'position', silence_breaks: 'position' };

export interface MoveResult {
  rooms: number;
  rows: Record<string, number>;
}

export function moveToPostgres(dataDir: string, databaseUrl: string): MoveResult {
  const lock = lockDataDir(dataDir, 'move');
  let sqlite: Database.Database | undefined;
  let target: PostgresStore | undefined;
  try {
    sqlite = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    if (version !== schemaVersion()) {
      throw new StartupRefusal(
        `DATA_DIR's database is at schema version ${version}, this Draftroom's is ${schemaVersion()}; start this Draftroom's server on it once (it updates the database), stop it, then move`,
      );
    }
    target = openPostgresStore(databaseUrl);
    const db = target.db;
    const existing = db.query<{ n: number }>('SELECT COUNT(*) AS n FROM documents').rows[0]!.n;
    if (existing > 0) {
      throw new StartupRefusal(`the PostgreSQL database already holds ${existing} room(s); move into an empty database`);
    }
    const source = sqlite;
    const rows: Record<string, number> = {};
    db.transaction(() => {
      // Sources of a merge point at the merged amendment, which comes later: set once all exist.
      const mergedInto: Array<{ id: number; merged_into: number }> = [];
      for (const table of TABLES) {
        const extra = ROWID_AS[table] ? `, rowid AS ${ROWID_AS[table]}` : '';
        const all = source.prepare(`SELECT *${extra} FROM ${table} ORDER BY rowid`).all() as Array<Record<string, unknown>>;
        for (const row of all) {
          if (table === 'amendments' && row.merged_into !== null) {
            mergedInto.push({ id: row.id as number, merged_into: row.merged_into as number });
            row.merged_into = null;
          }
          const columns = Object.keys(row);
          const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
          db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})`, Object.values(row));
        }
        rows[table] = all.length;
      }
      for (const { id, merged_into } of mergedInto) db.query('UPDATE amendments SET merged_into = $1 WHERE id = $2', [merged_into, id]);
      for (const [table, column] of IDENTITIES) {
        db.query(
          `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), COALESCE((SELECT MAX(${column}) FROM ${table}), 0) + 1, false)`,
        );
      }
    });
    return { rooms: rows.documents ?? 0, rows };
  } finally {
    target?.close();
    sqlite?.close();
    lock.release();
  }
}
