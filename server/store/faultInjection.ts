/**
 * Fault injection for the durability tests (PROTOCOL.md D6); nothing happens unless its
 * variable is set. DRAFTROOM_TEST_COMPACTION_PAUSE_MS holds every compaction open for that
 * many milliseconds after it has written the snapshot and deleted the folded log, before it
 * commits, and logs the moment, so a test can SIGKILL the server inside the compaction's
 * transaction instead of hoping to land in a window of a few milliseconds.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SqliteStore } from './SqliteStore.js';

export function injectFaults(store: SqliteStore, env: NodeJS.ProcessEnv, log: FastifyBaseLogger): void {
  const pauseMs = Number(env.DRAFTROOM_TEST_COMPACTION_PAUSE_MS ?? 0);
  if (!(pauseMs > 0)) return;
  log.warn({ pauseMs }, 'fault injection: every compaction is held open before it commits');
  const compact = store.compact.bind(store);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  store.compact = (docId, snapshot, uptoSeq) =>
    // The store's own transaction becomes a savepoint of this one: everything is written, nothing committed.
    store.db.transaction(() => {
      compact(docId, snapshot, uptoSeq);
      log.warn({ docId, uptoSeq }, 'compaction written, held open before commit');
      Atomics.wait(sleeper, 0, 0, pauseMs);
    })();
}
