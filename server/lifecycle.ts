/**
 * How a server takes its DATA_DIR at start and gives it back at the end (PROTOCOL.md F5–F7,
 * D5). buildApp calls both; main.ts turns a refusal into one line and a non-zero exit.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocketServer } from 'ws';
import { CloseCode, ErrorCode } from '../shared/protocol.js';
import { makeDataDirPrivate, prepareDataDir } from './store/dataDir.js';
import { lockDataDir, type DataDirLock } from './store/dataDirLock.js';
import { SqliteStore } from './store/SqliteStore.js';
import { SqliteWorkflowStore } from './store/SqliteWorkflowStore.js';
import { openPostgresStore } from './store/postgres/PostgresStore.js';
import { PostgresWorkflowStore } from './store/postgres/PostgresWorkflowStore.js';
import type { Store, WorkflowStore } from './store/Store.js';
import type { Config } from './config.js';
import { loadAdminToken, type AdminToken } from './auth/adminToken.js';
import type { RoomRegistry } from './collab/RoomRegistry.js';

/** How long a stopping server waits for its clients to answer the 1012 close before it drops them. */
export const SHUTDOWN_SOCKET_GRACE_MS = 3_000;

export interface OpenedDataDir {
  store: Store;
  workflow: WorkflowStore;
  admin: AdminToken;
  lock: DataDirLock;
}

/**
 * DATA_DIR made ready to serve, in the order the refusals are worth reading: a directory
 * this user can write with room to spare (F5), then the lock (F6; a second server goes no
 * further), then private modes (F7), then the database (readable, writable, current) and the
 * admin token. The database is SQLite in DATA_DIR, or PostgreSQL when DATABASE_URL is set (DATA_DIR
 * then keeps the admin token and the lock). Throws StartupRefusal, having given back whatever it
 * had taken.
 */
export function openDataDir(
  config: Pick<Config, 'dataDir' | 'adminToken' | 'databaseUrl' | 'redisUrl'>,
  log: FastifyBaseLogger,
): OpenedDataDir {
  const { dataDir } = config;
  prepareDataDir(dataDir);
  const lock = lockDataDir(dataDir, 'server');
  let store: Store | undefined;
  try {
    makeDataDirPrivate(dataDir, log);
    const stores = openStores(config);
    store = stores.store;
    const admin = loadAdminToken(dataDir, config.adminToken);
    return { ...stores, admin, lock };
  } catch (error) {
    store?.close();
    lock.release();
    throw error;
  }
}

/** The store's two halves on one engine: one database, so a workflow record and a text change share a transaction. */
function openStores(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'redisUrl'>): { store: Store; workflow: WorkflowStore } {
  if (config.databaseUrl === undefined) {
    const store = new SqliteStore(config.dataDir);
    return { store, workflow: new SqliteWorkflowStore(store.db) };
  }
  // Among several servers (REDIS_URL), the database is shared and every write to a room's text is fenced (K5).
  const store = openPostgresStore(config.databaseUrl, { fenced: config.redisUrl !== undefined });
  return { store, workflow: new PostgresWorkflowStore(store.db) };
}

/**
 * The first step of a stop (D5): everything received is persisted, no socket is accepted
 * any more (an upgrade is answered 503; the provider retries), and every open socket is
 * closed with 1012 "service restart" and a reason. Stock providers reconnect by themselves
 * after 1012 (it is not in 4400–4499). Resolves once every client has answered the close, or
 * after SHUTDOWN_SOCKET_GRACE_MS, when the rest are dropped. What a client sent meanwhile is
 * applied and persisted as its connection leaves the room (Room.leave drains the UpdateBatch).
 */
export async function closeSocketsForRestart(wss: WebSocketServer, rooms: RoomRegistry, log: FastifyBaseLogger): Promise<void> {
  const unsaved = rooms.saveAll();
  if (unsaved.length > 0)
    log.warn({ rooms: unsaved }, 'rooms that cannot save are stopping; their refused changes were handed back to their authors');
  wss.close();
  const reason = `${ErrorCode.restarting}: the server is restarting; reconnect in a moment`;
  const open = [...wss.clients];
  log.info({ sockets: open.length }, 'closing every websocket with 1012 (server restarting)');
  rooms.closeConnections(CloseCode.serviceRestart, reason);
  // Sockets not in a room yet (between the upgrade and the join) get the same close.
  for (const socket of open) if (socket.readyState === socket.OPEN) socket.close(CloseCode.serviceRestart, reason);
  const closed = Promise.all(
    open.map((socket) => (socket.readyState === socket.CLOSED ? undefined : new Promise((resolve) => socket.once('close', resolve)))),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SHUTDOWN_SOCKET_GRACE_MS)));
  const outcome = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    const left = open.filter((socket) => socket.readyState !== socket.CLOSED);
    log.warn({ sockets: left.length }, 'clients did not answer the close in time; dropping them');
    for (const socket of left) socket.terminate();
  }
}
