/** The admin token: ADMIN_TOKEN from the environment, or generated once and kept in DATA_DIR. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminToken {
  value: string;
  /** Where it is kept, when it was generated rather than given. */
  file: string | null;
}

export function loadAdminToken(dataDir: string, fromEnv: string | undefined): AdminToken {
  if (fromEnv) return { value: fromEnv, file: null };
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  return { value: readFileSync(file, 'utf8').trim(), file };
}

export function isAdminToken(candidate: string, admin: AdminToken): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(admin.value);
  return a.length === b.length && timingSafeEqual(a, b);
}
