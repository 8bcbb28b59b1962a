/**
 * Which errors mean "the store cannot be used right now", on either engine: a full or
 * read-only disk, a busy or broken SQLite file, a PostgreSQL that is down, unreachable, out of
 * space, shutting down or not answering within its bound. Such an error is answered 503 and
 * retried (F1, K3), never a 500, and never ends the process. Anything else (a constraint the
 * code broke) is a bug, and stays one.
 */
import { StoreTimeout } from './postgres/SyncPostgres.js';
import { DATABASE_IN_USE, QUERY_TIMEOUT } from './postgres/postgresMessages.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function storeErrorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreTimeout) return true;
  const code = storeErrorCode(error);
  return (
    code.startsWith('SQLITE_') ||
    code === QUERY_TIMEOUT ||
    code === DATABASE_IN_USE ||
    NETWORK_CODES.has(code) ||
    // PostgreSQL's classes: 08 connection exception, 53 insufficient resources (53100: disk
    // full), 57P admin or crash shutdown and "cannot connect now", 25006 a read-only transaction.
    /^(08|53)/.test(code) ||
    code.startsWith('57P') ||
    code === '25006'
  );
}

/** A database that cannot be reached or does not answer (not one that refuses what it was given). */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = storeErrorCode(error);
  return (
    error instanceof StoreTimeout || code === QUERY_TIMEOUT || NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P')
  );
}
