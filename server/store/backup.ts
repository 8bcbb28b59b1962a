/**
 * Backups a secretariat can run while the rooms are live, and the one command that puts one
 * back (PROTOCOL.md D4).
 *
 * Backup beside a running server: the server's exclusive lock is on `draftroom.lock`
 * (dataDirLock.ts), never on the database, which stays in WAL mode with SQLite's ordinary
 * shared locking. So the backup does not take the DATA_DIR lock (it would be refused while
 * the server runs, which is when it matters): it opens draftroom.sqlite through a connection
 * of its own, writes nothing to it (`query_only`), and copies it with SQLite's online backup
 * API in ONE step. One step is one read transaction: a consistent snapshot of every
 * transaction committed before it began, however fast the server goes on appending (a WAL
 * reader never blocks the writer, and the writer never changes what the reader sees). Copied
 * in many small steps instead, every write of the server would restart the copy, and under
 * typing it might never end. The copy is made under a temporary name, checked, made
 * self-contained (rollback journal, no -wal beside it) and renamed into place, 0600: it
 * holds every invite and the token-signing secret.
 *
 * Restore takes the DATA_DIR lock (refused while a server holds it, and no server starts
 * while it runs), checks the backup, copies it into DATA_DIR under a temporary name, keeps the
 * database it replaces aside (`draftroom.sqlite.before-restore-<time>`, with its -wal if it
 * could not be folded in), and renames the copy into place: one atomic step, so a crash at
 * any point leaves either the old database or the new one, never neither.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, renameSync, statSync, chmodSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE, StartupRefusal, codeOf, makeDataDirPrivate, messageOf, prepareDataDir } from './dataDir.js';
import { lockDataDir } from './dataDirLock.js';
import { DATABASE_FILE } from './openDatabase.js';
import { schemaVersion } from './migrations.js';

/** SQLite's backup step that copies every remaining page at once (one read transaction). */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
  file: string;
  bytes: number;
  rooms: number;
  /** When the copy's read transaction began: everything committed before it is in the copy. */
  asOf: string;
}

/**
 * Copies DATA_DIR's database to `target` (a file, or a directory to put
 * `draftroom-<time>.sqlite` in) while a server may be running. Throws StartupRefusal (one line).
 */
export async function backupDatabase(dataDir: string, target: string): Promise<BackupResult> {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source))
    throw new StartupRefusal(`DATA_DIR ${dataDir} holds no ${DATABASE_FILE}; nothing to back up (is DATA_DIR set as the server's?)`);
  const file = isDirectory(target) ? join(target, `draftroom-${stamp(new Date())}.sqlite`) : target;
  const partial = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { fileMustExist: true });
    db.pragma('query_only = ON');
    createPrivate(partial);
    const asOf = new Date().toISOString();
    await db.backup(partial, { progress: () => ALL_PAGES });
    db.close();
    db = undefined;
    const rooms = settle(partial, 'the copy');
    renameSync(partial, file);
    chmodSync(file, PRIVATE_FILE_MODE);
    syncDirectory(dirname(file));
    return { file, bytes: statSync(file).size, rooms, asOf };
  } catch (error) {
    db?.close();
    removeQuietly(partial);
    if (error instanceof StartupRefusal) throw error;
    throw new StartupRefusal(
      `the backup of DATA_DIR ${dataDir} to ${file} failed (${codeOf(error)}: ${messageOf(error)}); nothing was replaced`,
    );
  }
}

export interface RestoreResult {
  rooms: number;
  /** Where the database that was replaced is kept; null when DATA_DIR had none. */
  keptAside: string | null;
}

/**
 * Puts the backup `source` in place as DATA_DIR's database. Refused (StartupRefusal) while a
 * server holds DATA_DIR, or when `source` is not a readable Draftroom database.
 */
export async function restoreDatabase(dataDir: string, source: string): Promise<RestoreResult> {
  checkBackup(source);
  prepareDataDir(dataDir);
  const lock = lockDataDir(dataDir, 'restore');
  const live = join(dataDir, DATABASE_FILE);
  const incoming = join(dataDir, `${DATABASE_FILE}.restoring-${process.pid}`);
  try {
    makeDataDirPrivate(dataDir);
    createPrivate(incoming);
    const from = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await from.backup(incoming, { progress: () => ALL_PAGES });
    } finally {
      from.close();
    }
    const rooms = settle(incoming, 'the restored copy');
    const keptAside = existsSync(live) ? keepAside(live) : null;
    renameSync(incoming, live);
    syncDirectory(dataDir);
    return { rooms, keptAside };
  } catch (error) {
    removeQuietly(incoming);
    if (error instanceof StartupRefusal) throw error;
    throw new StartupRefusal(
      `the restore into DATA_DIR ${dataDir} failed (${codeOf(error)}: ${messageOf(error)}); the database there was not replaced`,
    );
  } finally {
    lock.release();
  }
}

/** The backup must be a whole Draftroom database this version can serve. */
function checkBackup(source: string): void {
  if (!existsSync(source)) throw new StartupRefusal(`the backup ${source} does not exist`);
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
    const problem = (db.pragma('quick_check') as Array<{ quick_check: string }>)
      .map((row) => row.quick_check)
      .find((line) => line !== 'ok');
    if (problem !== undefined)
      throw new StartupRefusal(`the backup ${source} is damaged (quick_check: ${problem.slice(0, 120)}); choose another backup`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasRooms = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get() !== undefined;
    if (!hasRooms || version < 1)
      throw new StartupRefusal(`the backup ${source} is an SQLite file but not a Draftroom database; choose another backup`);
    if (version > schemaVersion()) {
      throw new StartupRefusal(
        `the backup ${source} was written by a newer Draftroom (schema ${version}, this one knows ${schemaVersion()}); restore it with that version`,
      );
    }
  } catch (error) {
    if (error instanceof StartupRefusal) throw error;
    throw new StartupRefusal(
      `the backup ${source} is not a readable Draftroom database (${codeOf(error)}: ${messageOf(error)}); choose another backup`,
    );
  } finally {
    db?.close();
  }
}

/**
 * Makes a fresh copy self-contained and durable: rollback journal (no -wal beside it),
 * checked, synced to disk. Returns how many rooms it holds.
 */
function settle(file: string, what: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const problem = (db.pragma('quick_check') as Array<{ quick_check: string }>)
      .map((row) => row.quick_check)
      .find((line) => line !== 'ok');
    if (problem !== undefined)
      throw new StartupRefusal(`${what} failed its check (quick_check: ${problem.slice(0, 120)}); nothing was replaced`);
    return (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
  } finally {
    db.close();
    syncFile(file);
  }
}

/**
 * Keeps the database being replaced, next to it: its WAL folded in first when it opens (so
 * the kept file is whole on its own), otherwise its -wal and -shm moved along with it, so
 * the pair still reads as it was. A hard link keeps the old file in place until the rename.
 */
function keepAside(live: string): string {
  const aside = `${live}.before-restore-${stamp(new Date())}`;
  try {
    const db = new Database(live, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
  } catch {
    // A damaged database (often why one restores) is kept as it is, WAL and all.
  }
  try {
    linkSync(live, aside);
  } catch {
    copyFileSync(live, aside);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(live + suffix)) renameSync(live + suffix, aside + suffix);
  }
  return aside;
}

function createPrivate(file: string): void {
  closeSync(openSync(file, 'w', PRIVATE_FILE_MODE));
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename is durable once its directory is synced. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself stands.
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(file: string): void {
  for (const path of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) {
    try {
      unlinkSync(path);
    } catch {
      // not there
    }
  }
}

/** A time for file names: 2026-05-14T09-30-00Z. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}
