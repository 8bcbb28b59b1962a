/**
 * Opens Draftroom's SQLite file the one way every opener shares (the server, backup,
 * restore): created private, WAL, checked readable and writable, schema brought up to date.
 * A file that is not a readable Draftroom database is refused with one line (PROTOCOL.md F5),
 * never a stack trace.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, schemaVersion } from './migrations.js';
import { PRIVATE_FILE_MODE, StartupRefusal, codeOf, messageOf, refusalFor } from './dataDir.js';

/** The database's name in DATA_DIR. */
export const DATABASE_FILE = 'draftroom.sqlite';

/**
 * Opens `dataDir/fileName`, creating it (0600: its -wal and -shm take the same mode) when it
 * is new. Runs `PRAGMA quick_check` (cost linear in the file, a fraction of a second for a
 * meeting's database) and takes a write transaction once, so a read-only or corrupt file is
 * found now rather than at the first keystroke. Throws StartupRefusal.
 */
export function openDatabase(dataDir: string, fileName = DATABASE_FILE): Database.Database {
  const file = join(dataDir, fileName);
  try {
    if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  } catch (error) {
    throw refusalFor(dataDir, error);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against a killed process (the WAL is in the OS cache); only power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    checkIntegrity(db, dataDir, fileName);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion()) {
      throw new StartupRefusal(
        `DATA_DIR ${dataDir}: ${fileName} was written by a newer Draftroom (schema ${version}, this one knows ${schemaVersion()}); run that version, or restore an older backup with npm run restore -- <file>`,
      );
    }
    db.exec('BEGIN IMMEDIATE; ROLLBACK;');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw databaseRefusal(dataDir, fileName, error);
  }
}

function checkIntegrity(db: Database.Database, dataDir: string, fileName: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problem = rows.map((row) => row.quick_check).find((line) => line !== 'ok');
  if (problem !== undefined) throw corrupt(dataDir, fileName, `quick_check: ${problem.slice(0, 120)}`);
}

/** The one line for a database that cannot be served, by what SQLite (or the system) said. */
export function databaseRefusal(dataDir: string, fileName: string, error: unknown): StartupRefusal {
  if (error instanceof StartupRefusal) return error;
  const code = codeOf(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return corrupt(dataDir, fileName, `${code}: ${messageOf(error)}`);
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') {
    return new StartupRefusal(
      `DATA_DIR ${dataDir} is full or failing (${code} on ${fileName}); free space there or choose another DATA_DIR`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StartupRefusal(
      `DATA_DIR ${dataDir}: ${fileName} is read-only to this user (${code}); give it to this user (chown, chmod 600) or choose another DATA_DIR`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new StartupRefusal(
      `DATA_DIR ${dataDir}: ${fileName} cannot be opened by this user (${code}); give it to this user (chown) or choose another DATA_DIR`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StartupRefusal(
      `DATA_DIR ${dataDir}: ${fileName} is being written by another program (${code}); stop it or choose another DATA_DIR`,
    );
  }
  if (code.startsWith('SQLITE_')) {
    return new StartupRefusal(
      `DATA_DIR ${dataDir}: ${fileName} cannot be used (${code}: ${messageOf(error)}); restore a backup with npm run restore -- <file>, or choose another DATA_DIR`,
    );
  }
  return refusalFor(dataDir, error);
}

function corrupt(dataDir: string, fileName: string, detail: string): StartupRefusal {
  return new StartupRefusal(
    `DATA_DIR ${dataDir}: ${fileName} is not a readable Draftroom database (${detail}); restore a backup with npm run restore -- <file>, or move the file aside to start empty`,
  );
}
