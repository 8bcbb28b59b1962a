/**
 * PostgreSQL, synchronously: the store's contract is synchronous (Store.ts), so the main thread
 * sends each statement to a worker thread holding the connection (postgresWorker.ts) and waits
 * for its answer with Atomics.wait, as better-sqlite3 waits for the disk. A statement on
 * loopback takes a fraction of a millisecond; one that takes longer than `timeoutMs` is
 * abandoned (PostgreSQL itself cancels it at the same bound, statement_timeout; the worker gives
 * up a connection that does not answer at all), so a hung database fails writes the way a full
 * disk does (PROTOCOL.md F1, K3) rather than freezing the server. Transactions nest as
 * savepoints, like better-sqlite3's.
 *
 * Why not synckit, which does the same waiting: after a timeout its next call could read the
 * late answer of the abandoned one; here every answer carries its request's number.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { POSTGRES_WORKER } from '../../runtimePaths.js';
import { QUERY_TIMEOUT, SIGNAL_ANSWERS, SIGNAL_UNANSWERING, type WorkerAnswer, type WorkerRequest } from './postgresMessages.js';

/** How long one statement may take before it is given up (and cancelled by PostgreSQL). */
export const STATEMENT_TIMEOUT_MS = 3_000;

const ANSWER_MARGIN_MS = 500;

export class StoreTimeout extends Error {
  readonly code = 'DRAFTROOM_STORE_TIMEOUT';
}

/** A PostgreSQL error, with its SQLSTATE code (or the worker's own). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export class SyncPostgres {
  private readonly worker: Worker;
  private readonly answers: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private readonly timeoutMs: number;
  private nextId = 1;
  private depth = 0;

  /** Connects (and takes `sessionLock`, when given); throws PostgresError when it cannot. */
  constructor(url: string, options: { sessionLock?: number | null; timeoutMs?: number } = {}) {
    const timeoutMs = options.timeoutMs ?? STATEMENT_TIMEOUT_MS;
    this.timeoutMs = timeoutMs;
    this.worker = new Worker(POSTGRES_WORKER.entry, { workerData: POSTGRES_WORKER.workerData });
    // The server must not stay alive for its worker's sake once everything else has ended.
    this.worker.unref();
    const channel = new MessageChannel();
    this.answers = channel.port1;
    const open = {
      kind: 'open',
      url,
      port: channel.port2,
      signal: this.signal,
      timeoutMs,
      sessionLock: options.sessionLock ?? null,
    } as const;
    // The first answer also waits for the worker to start (and, from TypeScript, to load tsx).
    this.call(open, [channel.port2], timeoutMs + 10_000);
  }

  /**
   * Runs one statement ($1, $2 … for `params`). Once a statement has gone unanswered, every
   * statement fails at once (StoreTimeout) until the worker finds PostgreSQL answering again:
   * the server waits out the bound once per outage, not once per statement.
   */
  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): QueryResult<Row> {
    if (Atomics.load(this.signal, SIGNAL_UNANSWERING) === 1) throw new StoreTimeout('PostgreSQL is not answering');
    try {
      return this.call({ kind: 'query', sql, params: params.map(storableText) }) as QueryResult<Row>;
    } catch (error) {
      if (error instanceof StoreTimeout || (error instanceof PostgresError && error.code === QUERY_TIMEOUT)) {
        Atomics.store(this.signal, SIGNAL_UNANSWERING, 1);
        this.worker.postMessage({ kind: 'probe', id: 0 });
      }
      throw error;
    }
  }

  /** Runs `work` in a transaction (a savepoint inside another): all of its statements stand, or none. */
  transaction<T>(work: () => T): T {
    const savepoint = this.depth > 0 ? `draftroom_${this.depth}` : null;
    this.query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    this.depth += 1;
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.depth -= 1;
      this.rollback(savepoint);
      throw error;
    }
    this.depth -= 1;
    try {
      this.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
    } catch (error) {
      this.rollback(savepoint);
      throw error;
    }
    return result;
  }

  close(): void {
    try {
      this.call({ kind: 'close' });
    } finally {
      void this.worker.terminate();
    }
  }

  private rollback(savepoint: string | null): void {
    try {
      this.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
    } catch {
      // The connection is gone or the transaction already ended: PostgreSQL has undone it.
    }
  }

  private call(
    request: DistributiveOmit<WorkerRequest, 'id'>,
    transfer: MessagePort[] = [],
    // A little past the worker's own bound, so that its answer (and its giving the connection up) comes first.
    timeoutMs = this.timeoutMs + ANSWER_MARGIN_MS,
  ): QueryResult<unknown> {
    const id = this.nextId++;
    this.worker.postMessage({ ...request, id }, transfer);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Read the signal before the port: an answer posted after this read changes the signal, so the wait below cannot miss it.
      const seen = Atomics.load(this.signal, SIGNAL_ANSWERS);
      for (let message = receiveMessageOnPort(this.answers); message; message = receiveMessageOnPort(this.answers)) {
        const answer = message.message as WorkerAnswer;
        // An older answer is one this thread stopped waiting for: dropped.
        if (answer.id !== id) continue;
        if ('error' in answer) throw new PostgresError(answer.error.message, answer.error.code);
        return answer;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new StoreTimeout(`PostgreSQL did not answer within ${timeoutMs} ms`);
      Atomics.wait(this.signal, SIGNAL_ANSWERS, seen, left);
    }
  }
}

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite keeps; a paragraph may contain one (a
 * pasted control character), and its text is recorded with a lock or an amendment. Written as
 * U+FFFD, as a character that cannot be shown anyway, rather than have the write fail.
 */
function storableText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(storableText);
  return typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
