/**
 * One server (or one restore) per DATA_DIR at a time (PROTOCOL.md F2). Two servers on one
 * directory each keep their own rooms in memory, and one's compaction deletes the other's
 * logged updates: committed words lost.
 *
 * Why an SQLite lock rather than a PID file: the lock is SQLite's own file lock on a
 * dedicated database, `draftroom.lock`, opened with `locking_mode=EXCLUSIVE` and written
 * once, so the connection takes an exclusive lock and keeps it until it closes. The
 * operating system drops that lock when the process ends, however it ends (exit, crash,
 * SIGKILL), so a lock is never stale and needs no guess about whether a recorded pid is
 * still a Draftroom server on this directory. It needs no native build of our own
 * (better-sqlite3 is already there), and it is not the main database: its lock would shut
 * out `npm run backup`, which reads draftroom.sqlite through its own connection beside the
 * running server (WAL), and must keep doing so.
 *
 * Who holds the lock is written next to it, in `draftroom.lock.json`, for the refusal line
 * only; the decision is the lock's. The holder's pid cannot live in the lock database
 * itself: the refused side cannot read it through SQLite (it is locked), and reading its
 * bytes with a file descriptor of our own would, in a process that holds the lock (a test
 * running a server in-process), drop the lock when that descriptor closes (POSIX locks
 * belong to the process and go with any close of the file).
 *
 * Like every SQLite lock, it holds on local file systems; DATA_DIR on a network share is not
 * supported.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, StartupRefusal, codeOf, refusalFor } from './dataDir.js';

export const LOCK_FILE = 'draftroom.lock';
export const LOCK_HOLDER_FILE = 'draftroom.lock.json';

/** What takes the lock: a server, a restore replacing the database, or a move of it to PostgreSQL. */
export type LockPurpose = 'server' | 'restore' | 'move';

const UNDERWAY: Record<Exclude<LockPurpose, 'server'>, string> = { restore: 'a Draftroom restore', move: 'a move to PostgreSQL' };

interface Holder {
  pid: number;
  purpose: LockPurpose;
  since: string;
}

/** The lock on a DATA_DIR, held until `release()` or the end of the process. */
export interface DataDirLock {
  readonly dir: string;
  release(): void;
}

/**
 * Takes the lock on `dir` (prepared by prepareDataDir) or throws StartupRefusal naming the
 * holder, worded for what was about to start (a server, a restore).
 */
export function lockDataDir(dir: string, purpose: LockPurpose): DataDirLock {
  const file = join(dir, LOCK_FILE);
  // Created by us, private, before SQLite opens it (SQLite would create it 0644 under the default umask).
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept after COMMIT.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (datetime()); COMMIT;');
  } catch (error) {
    db?.close();
    if (codeOf(error) === 'SQLITE_BUSY' || codeOf(error) === 'SQLITE_LOCKED') throw heldRefusal(dir, purpose);
    if (String(codeOf(error)).startsWith('SQLITE_')) {
      throw new StartupRefusal(
        `DATA_DIR ${dir}: the lock file ${LOCK_FILE} cannot be used (${codeOf(error)}); stop every Draftroom server on it, remove ${LOCK_FILE}, and start again`,
      );
    }
    throw refusalFor(dir, error);
  }
  writeHolder(dir, { pid: process.pid, purpose, since: new Date().toISOString() });
  let held = true;
  return {
    dir,
    release() {
      if (!held) return;
      held = false;
      db!.close();
    },
  };
}

function heldRefusal(dir: string, purpose: LockPurpose): StartupRefusal {
  const holder = readHolder(dir);
  const pid = holder ? `pid ${holder.pid}` : 'pid unknown';
  if (holder !== null && holder.purpose !== 'server') {
    return new StartupRefusal(
      `DATA_DIR ${dir} is held by ${UNDERWAY[holder.purpose]} (${pid}); wait for it to finish${purpose === 'server' ? ' or choose another DATA_DIR' : ''}`,
    );
  }
  if (purpose !== 'server') {
    const before = purpose === 'restore' ? 'restoring' : 'moving its database';
    return new StartupRefusal(`DATA_DIR ${dir} is held by a running Draftroom server (${pid}); stop it (SIGTERM) before ${before}`);
  }
  return new StartupRefusal(`DATA_DIR ${dir} is held by another Draftroom server (${pid}); stop it or choose another DATA_DIR`);
}

/** Written after the lock is taken (atomically, private): for the refusal line of whoever comes next. */
function writeHolder(dir: string, holder: Holder): void {
  const file = join(dir, LOCK_HOLDER_FILE);
  const temporary = `${file}.${process.pid}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(holder)}\n`, { mode: PRIVATE_FILE_MODE });
    renameSync(temporary, file);
  } catch {
    // Only the refusal line of a second server would miss the pid; the lock holds regardless.
  }
}

function readHolder(dir: string): Holder | null {
  try {
    const holder = JSON.parse(readFileSync(join(dir, LOCK_HOLDER_FILE), 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number'
      ? {
          pid: holder.pid,
          purpose: holder.purpose === 'restore' || holder.purpose === 'move' ? holder.purpose : 'server',
          since: String(holder.since),
        }
      : null;
  } catch {
    return null;
  }
}
