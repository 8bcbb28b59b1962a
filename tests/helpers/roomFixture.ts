/**
 * A room on a test server of its own, which closes itself: the server on a fresh DATA_DIR
 * (port 0), one room (made over HTTP as a client makes it, or in process with a first text),
 * its role links, named invites, and every client a test connects through it (stock
 * providers, raw sockets, raw Yjs clients, anything else handed to `defer`). At the end all
 * of them are closed, the server stopped and its DATA_DIR removed.
 *
 * When: opened in a test or a beforeEach, the room registers its own teardown for the end of
 * that test (vitest's onTestFinished). Opened in a beforeAll (one room for the suite), the hook
 * returns its `close`, which vitest runs after the suite:
 *
 *     beforeAll(async () => {
 *       room = await openTestRoom({ title: 'Wire' });
 *       return room.close;
 *     });
 */
import { onTestFinished } from 'vitest';
import type { CreatedDocument, CreatedInvite, NewInvite } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';
import type { Role } from '../../shared/roles.js';
import { DEFAULT_TEXT_LANGUAGE, type TextLanguage } from '../../shared/textLanguages.js';
import { createRoom as createRoomOnServer, type DocJson } from '../../server/rooms/createRoom.js';
import { api, blocks } from './api.js';
import { destroyRaw, openRaw, openRawYClient, type RawOptions, type RawSocket, type RawYClient } from './rawSocket.js';
import { ADMIN_TOKEN, removeDataDir, startServer, tempDataDir, type RunningServer, type ServerOptions } from './testServer.js';
import { connect, type TestClient } from './yClient.js';

export interface TestRoomOptions {
  /** The room's title; 'Test room' when not given. */
  title?: string;
  /** The room's working language and time zone, given at creation (PROTOCOL.md G1); the server's defaults when not given. */
  language?: TextLanguage;
  timeZone?: string;
  /**
   * The room's first text, written in process as the server writes a new room's
   * (server/rooms/createRoom.ts); without it the room is made by POST /api/documents, with
   * one empty paragraph.
   */
  document?: DocJson;
  /** The server's configuration and logger (startServer). */
  server?: ServerOptions;
  /**
   * Several servers (PROTOCOL.md K5; `server.config` names the database and Redis): a second
   * server on the same database and Redis carries every socket the test opens, relayed to the
   * first, which owns the room (a socket held on it keeps the room there). HTTP calls and
   * `server` stay the first one's.
   */
  socketsThroughSecondServer?: boolean;
}

/** The room as POST /api/documents answered (id, title, invites …), and what a test does with it. */
export interface TestRoom extends CreatedDocument {
  /** The server serving the room now (another one after `restart`). */
  readonly server: RunningServer;
  readonly url: string;
  readonly wsUrl: string;
  /** The token of the room's role link for `role`. */
  token(role: Role): string;
  /** A named invite (or another role link), issued over HTTP by the admin unless `by` gives another token; 201 or it throws. */
  invite(request: NewInvite, by?: string): Promise<CreatedInvite>;
  /** A stock y-websocket provider in this room (or `docId`'s on the same server), closed with the room. */
  connect(token: string, params?: Record<string, string>, options?: { docId?: string; connectNow?: boolean }): TestClient;
  /** A raw socket to this room (or `docId`'s), closed with the room. */
  raw(options?: RawOptions, docId?: string): RawSocket;
  /** A Yjs client on a raw socket to this room (or `docId`'s), closed with the room. */
  rawYClient(options?: RawOptions & { sendOwnChanges?: boolean }, docId?: string): RawYClient;
  /** GET …/blocks, as the admin unless `token` is given. */
  blocks(token?: string): Promise<BlockSummary[]>;
  /** Another room on the same server (over HTTP, or in process with a first text). */
  another(title: string, document?: DocJson): Promise<CreatedDocument>;
  /** Something else to close with the room's clients, before the server stops. */
  defer(cleanup: () => void | Promise<void>): void;
  /**
   * Closes every client, stops the server and starts one again on the same DATA_DIR: it serves
   * what was persisted. `meanwhile` runs while no server holds DATA_DIR (to change its files).
   */
  restart(meanwhile?: (dataDir: string) => void | Promise<void>): Promise<void>;
  /** Closes every client, stops the server and removes its DATA_DIR; again, does nothing. */
  close(): Promise<void>;
}

export async function openTestRoom(options: TestRoomOptions = {}): Promise<TestRoom> {
  const dataDir = options.server?.config?.dataDir ?? tempDataDir();
  let server = await startServer(dataDir, options.server);
  let cleanups: Array<() => void | Promise<void>> = [];
  let closed = false;

  /** Everything the test opened, newest first, each even when another one fails. */
  const closeClients = async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    const failures: unknown[] = [];
    for (const cleanup of pending) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  };
  let close = async () => {
    if (closed) return;
    closed = true;
    try {
      await closeClients();
    } finally {
      await server.close();
      removeDataDir(dataDir);
    }
  };
  const insideTest = registerForTest(() => close());

  const makeRoom = async (title: string, document?: DocJson): Promise<CreatedDocument> => {
    const settings = options.language !== undefined || options.timeZone !== undefined;
    if (document !== undefined) {
      return createRoomOnServer(
        server.ctx.store,
        server.ctx.invites,
        title,
        document,
        undefined,
        settings
          ? { language: options.language ?? DEFAULT_TEXT_LANGUAGE, timeZone: options.timeZone ?? server.ctx.defaultTimeZone }
          : undefined,
      );
    }
    const body = {
      title,
      ...(options.language ? { language: options.language } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    };
    const response = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, body);
    if (response.status !== 201) throw new Error(`create room: ${response.status} ${response.text}`);
    return response.json as CreatedDocument;
  };

  let created: CreatedDocument;
  try {
    created = await makeRoom(options.title ?? 'Test room', options.document);
  } catch (error) {
    if (!insideTest) await close(); // nobody else would
    throw error;
  }

  const track = <T>(client: T, destroy: (client: T) => void): T => {
    cleanups.push(() => destroy(client));
    return client;
  };

  let second: RunningServer | undefined;
  /** The server the test's sockets go to: the second one when there is one, else the room's (after a restart, the new one). */
  const socketServer = () => second ?? server;
  if (options.socketsThroughSecondServer) {
    const secondDir = tempDataDir();
    second = await startServer(secondDir, options.server);
    const started = second;
    const stopSecond = async () => {
      await started.close();
      removeDataDir(secondDir);
    };
    const closeFirst = close;
    close = async () => {
      try {
        await closeFirst();
      } finally {
        await stopSecond();
      }
    };
  }
  /** Several servers: an observer's socket on the first server makes it the room's owner and keeps it so. */
  const holdRoomOnFirstServer = async () => {
    if (!options.socketsThroughSecondServer) return;
    const keeper = track(openRaw(server.wsUrl, created.id, { token: created.invites.observer.token }), destroyRaw);
    await keeper.opened;
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { owns?: string[] };
    if (!health.owns?.includes(created.id)) throw new Error(`expected the first server to own the room, got ${JSON.stringify(health)}`);
  };
  await holdRoomOnFirstServer();

  return {
    ...created,
    get server() {
      return server;
    },
    get url() {
      return server.url;
    },
    get wsUrl() {
      return socketServer().wsUrl;
    },
    token: (role) => created.invites[role].token,
    invite: async (request, by = ADMIN_TOKEN) => {
      const response = await api(server.url, 'POST', `/api/documents/${created.id}/invites`, by, request);
      if (response.status !== 201) throw new Error(`issue invite: ${response.status} ${response.text}`);
      return response.json as CreatedInvite;
    },
    connect: (token, params = {}, { docId = created.id, connectNow = true } = {}) =>
      track(connect(socketServer().wsUrl, docId, token, params, connectNow), (client) => client.destroy()),
    raw: (rawOptions = {}, docId = created.id) => track(openRaw(socketServer().wsUrl, docId, rawOptions), destroyRaw),
    rawYClient: (rawOptions = {}, docId = created.id) => track(openRawYClient(socketServer().wsUrl, docId, rawOptions), destroyRaw),
    blocks: (token = ADMIN_TOKEN) => blocks(server.url, created.id, token),
    another: (title, document) => makeRoom(title, document),
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
    restart: async (meanwhile) => {
      await closeClients();
      await server.close();
      await meanwhile?.(dataDir);
      server = await startServer(dataDir, options.server);
      await holdRoomOnFirstServer();
    },
    close: () => close(),
  };
}

/** Registers `close` for the end of the running test (in a test or a beforeEach); false outside a test (a beforeAll). */
function registerForTest(close: () => Promise<void>): boolean {
  try {
    onTestFinished(close);
    return true;
  } catch {
    return false; // not inside a test: the beforeAll that opened the room returns room.close
  }
}
