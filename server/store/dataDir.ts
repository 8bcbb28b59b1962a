/**
 * DATA_DIR as a server (or a restore) finds it before it serves anything: created private,
 * writable, with room to write, and every file in it private (PROTOCOL.md F1, F3). What
 * cannot be served is refused with one line (StartupRefusal), before the server listens.
 */
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** DATA_DIR and every directory the server makes: its owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** The database, its -wal and -shm, the admin token, the lock: read and written by their owner only. */
export const PRIVATE_FILE_MODE = 0o600;
/**
 * A probe this large is written (and synced, then removed) at start: a directory with less
 * room than that cannot take a room's first minutes of typing, and is refused as full.
 */
export const PROBE_BYTES = 64 * 1024;

/** Start-up cannot serve: `message` is the one line printed on stderr (what is wrong, what to do). */
export class StartupRefusal extends Error {
  override readonly name = 'StartupRefusal';
}

/** The part of a logger this module uses (pino's, or nothing). */
export interface ModeLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Creates DATA_DIR (0700) if needed and proves it takes a write of PROBE_BYTES (F5).
 * Throws StartupRefusal: read-only, not this user's to write, full, not a directory.
 */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw refusalFor(dir, error);
  }
  if (!statSync(dir).isDirectory()) {
    throw new StartupRefusal(`DATA_DIR ${dir} is not a directory; remove that file or choose another DATA_DIR`);
  }
  probeWrite(dir);
}

/** Writes, syncs and removes a probe file: fails on a read-only, foreign or full directory. */
function probeWrite(dir: string): void {
  const probe = join(dir, `.write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w', PRIVATE_FILE_MODE);
    const chunk = Buffer.alloc(PROBE_BYTES, 0x2e);
    for (let written = 0; written < chunk.length; ) written += writeSync(fd, chunk, written);
    fsyncSync(fd);
  } catch (error) {
    throw refusalFor(dir, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
  }
}

/**
 * Files Draftroom keeps are its owner's only (F7): the database holds the token-signing
 * secret and every invite. DATA_DIR wider than 0700, or anything at its top level wider
 * than 0600 (0700 for a directory), is tightened and logged; what this user may not tighten
 * (another owner's file) is refused with StartupRefusal. Symbolic links are left alone.
 */
export function makeDataDirPrivate(dir: string, log?: ModeLog): void {
  tighten(dir, '.', PRIVATE_DIR_MODE, dir, log);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path);
    } catch {
      continue; // gone meanwhile (a probe, a journal)
    }
    if (stats.isDirectory()) tighten(path, name, PRIVATE_DIR_MODE, dir, log);
    else if (stats.isFile()) tighten(path, name, PRIVATE_FILE_MODE, dir, log);
  }
}

function tighten(path: string, name: string, wanted: number, dir: string, log?: ModeLog): void {
  const mode = lstatSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode & wanted);
  } catch (error) {
    const what = name === '.' ? `DATA_DIR ${dir}` : `DATA_DIR ${dir}: ${name}`;
    throw new StartupRefusal(
      `${what} is open to other users (mode ${octal(mode)}) and this user cannot make it private (${codeOf(error)}); ` +
        `run chmod ${octal(wanted)} on it as its owner, or start Draftroom as its owner`,
    );
  }
  log?.warn(
    { file: name === '.' ? 'DATA_DIR' : name, from: octal(mode), to: octal(mode & wanted) },
    'made a file in DATA_DIR private (it was open to other users)',
  );
}

/** The one line for a failed write or creation in DATA_DIR, by what the system said. */
export function refusalFor(dir: string, error: unknown): StartupRefusal {
  const code = codeOf(error);
  switch (code) {
    case 'EROFS':
      return new StartupRefusal(`DATA_DIR ${dir} is on a read-only file system; mount it read-write or choose another DATA_DIR`);
    case 'EACCES':
    case 'EPERM':
      return new StartupRefusal(
        `DATA_DIR ${dir} is not writable by this user (uid ${process.getuid?.() ?? '?'}); give it to this user (chown) or choose another DATA_DIR`,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new StartupRefusal(
        `DATA_DIR ${dir} is full (${code}: no room for a ${PROBE_BYTES / 1024} KiB write); free space there or choose another DATA_DIR`,
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return new StartupRefusal(`DATA_DIR ${dir} is not a directory (or a part of its path is a file); choose another DATA_DIR`);
    default:
      return new StartupRefusal(
        `DATA_DIR ${dir} cannot be written (${code}: ${messageOf(error)}); check the directory or choose another DATA_DIR`,
      );
  }
}

/** The system error code of `error` (ENOSPC, SQLITE_BUSY …), or its name. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
