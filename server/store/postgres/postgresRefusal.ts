/** Why a server cannot start on the PostgreSQL database it was given, in one line (PROTOCOL.md F5). */
import { StartupRefusal } from '../dataDir.js';
import { DATABASE_IN_USE } from './postgresMessages.js';

export function databaseUnavailable(url: string, error: unknown): StartupRefusal {
  const where = withoutPassword(url);
  const { code, message } = error as { code?: string; message?: string };
  if (code === DATABASE_IN_USE) {
    return new StartupRefusal(
      `another Draftroom server is using the database ${where}; stop it first, or give this one another DATABASE_URL`,
    );
  }
  return new StartupRefusal(`cannot use the PostgreSQL database ${where}: ${message ?? String(error)}`);
}

/** The URL as it may be printed: without its password. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'given in DATABASE_URL';
  }
}
