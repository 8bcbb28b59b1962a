/** The admin token: ADMIN_TOKEN from the environment, or generated once and kept in DATA_DIR. */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PRIVATE_FILE_MODE, refusalFor } from '../store/dataDir.js';

export interface AdminToken {
  value: string;
  /** Where it is kept, when it was generated rather than given. */
  file: string | null;
}

/**
 * The token from the environment, or the one kept in `dataDir/admin-token` (0600, made on
 * the first start). It is written to a private temporary file and renamed into place, so a
 * start killed halfway never leaves an empty token behind (an empty file is replaced).
 * Throws StartupRefusal when it cannot be written.
 */
export function loadAdminToken(dataDir: string, fromEnv: string | undefined): AdminToken {
  if (fromEnv) return { value: fromEnv, file: null };
  const file = join(dataDir, 'admin-token');
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (kept) return { value: kept, file };
  const value = randomBytes(24).toString('base64url');
  const temporary = `${file}.${process.pid}`;
  try {
    const fd = openSync(temporary, 'w', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, `${value}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    throw refusalFor(dataDir, error);
  }
  return { value, file };
}

export function isAdminToken(candidate: string, admin: AdminToken): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(admin.value);
  return a.length === b.length && timingSafeEqual(a, b);
}
