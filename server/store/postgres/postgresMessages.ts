/** What the main thread (SyncPostgres) and the PostgreSQL worker (postgresWorker.ts) say to each other. */
import type { MessagePort } from 'node:worker_threads';

/** What the main thread sends: first `open`, then queries. */
export type WorkerRequest =
  | {
      kind: 'open';
      id: number;
      url: string;
      port: MessagePort;
      signal: Int32Array;
      timeoutMs: number;
      /** A session-level advisory lock taken on every connection (a second server on the database is refused), or null. */
      sessionLock: number | null;
    }
  | { kind: 'query'; id: number; sql: string; params: unknown[] }
  /** PostgreSQL stopped answering: probe it beside the queue until it answers, then clear SIGNAL_UNANSWERING. */
  | { kind: 'probe'; id: number }
  | { kind: 'close'; id: number };

export type WorkerAnswer =
  | { id: number; rows: Record<string, unknown>[]; rowCount: number }
  | { id: number; error: { message: string; code?: string } };

/** The shared signal's slots: answers posted (a counter the main thread waits on), and whether PostgreSQL has stopped answering (1) or answers (0). */
export const SIGNAL_ANSWERS = 0;
export const SIGNAL_UNANSWERING = 1;

/** Codes for errors of the worker's own, beside PostgreSQL's SQLSTATE codes. */
export const QUERY_TIMEOUT = 'DRAFTROOM_QUERY_TIMEOUT';
export const DATABASE_IN_USE = 'DRAFTROOM_DATABASE_IN_USE';
