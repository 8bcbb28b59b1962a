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

/** A database that cannot be reached or does not answer (not one that refuses what it was given). */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = storeErrorCode(error);
  return (
    error instanceof StoreTimeout || code === QUERY_TIMEOUT || NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P')
  );
}

export function isStoreUnavailable(error: unknown): boolean {
  if (isDatabaseUnreachable(error)) return true;
  const code = storeErrorCode(error);
  // SQLite's every refusal; PostgreSQL's class 53 (insufficient resources, 53100 disk full), a
  // read-only transaction (25006), and the database held by another server.
  return code.startsWith('SQLITE_') || code.startsWith('53') || code === '25006' || code === DATABASE_IN_USE;
}

/**
 * A write to a room's text by a server that no longer owns the room (several servers, K5):
 * nothing of it was written. Not a failure to retry: the room now lives on another server.
 */
export class RoomFencedOut extends Error {
  constructor(readonly docId: string) {
    super(`room ${docId} is owned by another server now; this server's write was refused`);
  }
}
