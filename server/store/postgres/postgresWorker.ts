/**
 * The worker thread that talks to PostgreSQL for SyncPostgres: one connection, one query at a
 * time, in the order asked. The main thread waits on `signal` while a query runs; the answer is
 * posted on `port` and `signal` is raised, so the main thread can read it without returning to
 * its event loop (receiveMessageOnPort). Each answer carries its request's number: an answer the
 * main thread stopped waiting for (a timeout) is recognised and dropped there.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import {
  DATABASE_IN_USE,
  QUERY_TIMEOUT,
  SIGNAL_ANSWERS,
  SIGNAL_UNANSWERING,
  type WorkerAnswer,
  type WorkerRequest,
} from './postgresMessages.js';

// BIGINT (ids, sequence numbers, counts) as numbers: every such value here stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

let client: pg.Client | null = null;
let settings: Extract<WorkerRequest, { kind: 'open' }> | null = null;
let answers: MessagePort | null = null;
let signal: Int32Array | null = null;
let queue = Promise.resolve();

/**
 * The connection, opened again if PostgreSQL dropped it (a restart): the statement that finds it
 * gone fails, the next one reconnects. Each connection takes the session lock again; losing it
 * to another server meanwhile fails every statement rather than let two servers write.
 */
async function connection(): Promise<pg.Client> {
  if (client !== null) return client;
  if (settings === null) throw new Error('not opened');
  const fresh = newClient(settings.timeoutMs);
  // A dropped connection is noticed here and reopened on the next statement; the error itself
  // must not end the worker.
  fresh.on('error', () => {
    if (client === fresh) client = null;
  });
  fresh.on('end', () => {
    if (client === fresh) client = null;
  });
  try {
    await fresh.connect();
  } catch (error) {
    // A server that does not answer the connection is a server that does not answer.
    if (String((error as Error).message).includes('timeout')) throw Object.assign(error as Error, { code: QUERY_TIMEOUT });
    throw error;
  }
  if (settings.sessionLock !== null) {
    const { rows } = await fresh.query('SELECT pg_try_advisory_lock($1) AS locked', [settings.sessionLock]);
    if (rows[0]?.locked !== true) {
      await fresh.end();
      throw Object.assign(new Error('another Draftroom server holds this database'), { code: DATABASE_IN_USE });
    }
  }
  client = fresh;
  return fresh;
}

/**
 * A connection with every wait bounded: connecting, each statement on the server
 * (statement_timeout) and, for a server that does not answer at all (stopped, or cut off by the
 * network), each statement here (query_timeout); TCP keep-alive notices a dead peer.
 */
function newClient(timeoutMs: number): pg.Client {
  return new pg.Client({
    connectionString: settings!.url,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
  });
}

parentPort!.on('message', (request: WorkerRequest) => {
  // A probe runs beside the queue, which a statement PostgreSQL does not answer holds up.
  if (request.kind === 'probe') return void probeUntilAnswered();
  // One at a time, in order: a transaction's statements must reach the connection as sent.
  queue = queue.then(() => handle(request));
});

let probing = false;

/** Asks PostgreSQL on a connection of its own, every PROBE_INTERVAL_MS, until it answers. */
async function probeUntilAnswered(): Promise<void> {
  if (probing || settings === null || signal === null) return;
  probing = true;
  try {
    for (;;) {
      const probe = newClient(PROBE_TIMEOUT_MS);
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.query('SELECT 1');
        Atomics.store(signal, SIGNAL_UNANSWERING, 0);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      } finally {
        void probe.end().catch(() => undefined);
      }
    }
  } finally {
    probing = false;
  }
}

const PROBE_TIMEOUT_MS = 1_000;
const PROBE_INTERVAL_MS = 250;

function dropConnection(): void {
  const stuck = client;
  client = null;
  // end() would wait for the answer that is not coming; the socket is closed instead.
  (stuck as unknown as { connection?: { stream?: { destroy(): void } } } | null)?.connection?.stream?.destroy();
}

async function handle(request: WorkerRequest): Promise<void> {
  let answer: WorkerAnswer;
  try {
    if (request.kind === 'open') {
      settings = request;
      answers = request.port;
      signal = request.signal;
      await connection();
      answer = { id: request.id, rows: [], rowCount: 0 };
    } else if (request.kind === 'query') {
      // Without parameters, the simple protocol: it runs several statements at once (a migration step).
      const open = await connection();
      const result = request.params.length > 0 ? await open.query(request.sql, request.params) : await open.query(request.sql);
      // Several statements answer with one result each; a migration step reads none of them.
      answer = Array.isArray(result)
        ? { id: request.id, rows: [], rowCount: 0 }
        : { id: request.id, rows: result.rows, rowCount: result.rowCount ?? 0 };
    } else {
      const closing = client;
      client = null;
      await closing?.end();
      answer = { id: request.id, rows: [], rowCount: 0 };
    }
  } catch (error) {
    const { message = String(error), code } = error as { message?: string; code?: string };
    // pg's own bound: the connection is still waiting for that answer, so it is given up (a
    // transaction on it ends with it); the next statement opens another.
    const timedOut = message.includes('Query read timeout');
    if (timedOut) dropConnection();
    answer = { id: request.id, error: { message, ...(timedOut ? { code: QUERY_TIMEOUT } : code ? { code: String(code) } : {}) } };
  }
  answers?.postMessage(answer);
  if (signal !== null) {
    Atomics.add(signal, SIGNAL_ANSWERS, 1);
    Atomics.notify(signal, SIGNAL_ANSWERS);
  }
}
