/**
 * Room lifecycle (shared/PROTOCOL.md D3): a room loads from the store on first use, unloads
 * the delay after its last connection leaves, and reloads with the same state; the update log
 * is folded into a snapshot (in the background, and on unload) and the state survives.
 *
 * Real SQLite in a temporary directory, real Rooms; connections have a fake socket. The unload
 * delay and the compaction timer run on fake timers, so "not yet" is exact, not a sleep.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { RoomRegistry } from '../../server/collab/RoomRegistry.js';
import type { Room } from '../../server/collab/Room.js';
import { Connection } from '../../server/collab/Connection.js';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.js';
import { removeDataDir, tempDataDir } from '../helpers/testServer.js';

const DOC = 'room-lifecycle';
const DELAY_MS = 1_000;
const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

let dataDir: string;
let store: SqliteStore;
let registry: RoomRegistry;

function seedDocument(): void {
  store.createDocument({ id: DOC, title: 'Lifecycle', createdAt: new Date().toISOString() });
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute('id', 'p1');
  const text = new Y.XmlText();
  text.insert(0, 'Seed text.');
  paragraph.insert(0, [text]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  store.appendUpdate(DOC, Y.encodeStateAsUpdate(doc));
}

function fakeConnection(): Connection {
  const socket = {
    readyState: 1,
    OPEN: 1,
    bufferedAmount: 0,
    send: () => undefined,
    close() {
      this.readyState = 3;
    },
  };
  const session = { docId: DOC, inviteId: 'invite-1', role: 'expert' as const, name: 'Test', delegation: '', expiresAt: null };
  return new Connection(socket as unknown as WebSocket, session, log);
}

/** What the pipeline does when a connection's update arrives, reduced to the part that matters here. */
function clientTypes(room: Room, words: string): void {
  const origin = {};
  room.doc.transact(() => {
    const text = (room.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, ` ${words}`);
  }, origin);
  room.flush();
}

function leave(room: Room, connection: Connection): void {
  room.leave(connection);
  registry.release(room);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  dataDir = tempDataDir();
  store = new SqliteStore(dataDir);
  seedDocument();
  registry = new RoomRegistry(store, log, undefined, DELAY_MS);
});
afterEach(() => {
  registry.closeAll();
  store.close();
  vi.useRealTimers();
  removeDataDir(dataDir);
});

describe('loading and unloading', () => {
  it('[D3] a room loads from the store on first use and is shared by everyone after', () => {
    expect(registry.peek(DOC)).toBeUndefined();
    const room = registry.open(DOC)!;
    expect(room.blocks().map((b) => [b.id, b.text])).toEqual([['p1', 'Seed text.']]);
    expect(registry.open(DOC)).toBe(room);
    expect(registry.loadedCount).toBe(1);
    expect(registry.open('no-such-room')).toBeNull();
    expect(registry.loadedCount).toBe(1);
  });

  it('[D3] a room opened without anyone joining (an HTTP call) unloads after the delay', () => {
    registry.open(DOC);
    vi.advanceTimersByTime(DELAY_MS - 1);
    expect(registry.peek(DOC)).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(registry.peek(DOC)).toBeUndefined();
    expect(registry.loadedCount).toBe(0);
  });

  it('[D3] a room stays loaded while anyone is in it and unloads the delay after the last one leaves', () => {
    const room = registry.open(DOC)!;
    const [a, b] = [fakeConnection(), fakeConnection()];
    room.join(a);
    room.join(b);
    vi.advanceTimersByTime(DELAY_MS * 10);
    expect(registry.peek(DOC)).toBe(room);
    leave(room, a);
    vi.advanceTimersByTime(DELAY_MS * 10);
    expect(registry.peek(DOC)).toBe(room);
    leave(room, b);
    vi.advanceTimersByTime(DELAY_MS - 1);
    expect(registry.peek(DOC)).toBe(room);
    vi.advanceTimersByTime(1);
    expect(registry.peek(DOC)).toBeUndefined();
  });

  it('[D3] someone coming back within the delay (a page reload) finds the same room, not a reloaded one', () => {
    const room = registry.open(DOC)!;
    const first = fakeConnection();
    room.join(first);
    leave(room, first);
    vi.advanceTimersByTime(DELAY_MS / 2);
    const again = registry.open(DOC)!;
    expect(again).toBe(room);
    again.join(fakeConnection());
    vi.advanceTimersByTime(DELAY_MS * 10);
    expect(registry.peek(DOC)).toBe(room);
  });

  it('[D3] a room read over HTTP during the unload delay still unloads afterwards', () => {
    const room = registry.open(DOC)!;
    const connection = fakeConnection();
    room.join(connection);
    leave(room, connection);
    vi.advanceTimersByTime(DELAY_MS / 2);
    expect(registry.open(DOC)).toBe(room); // GET …/blocks: opened, nobody joins
    vi.advanceTimersByTime(DELAY_MS * 2);
    expect(registry.peek(DOC)).toBeUndefined();
  });

  it('[D3] a room reloads with the state it had: text, ids and locks', () => {
    const room = registry.open(DOC)!;
    const connection = fakeConnection();
    room.join(connection);
    clientTypes(room, 'Amended once.');
    room.serverAction(() => room.policy.lock('p1', 'Moderator', '2026-01-01T00:00:00.000Z'));
    const before = room.blocks();
    leave(room, connection);
    vi.advanceTimersByTime(DELAY_MS);
    expect(registry.peek(DOC)).toBeUndefined();

    const reloaded = registry.open(DOC)!;
    expect(reloaded).not.toBe(room);
    expect(reloaded.blocks()).toEqual(before);
    expect(before[0]).toMatchObject({ id: 'p1', text: 'Seed text. Amended once.', locked: true, lockedBy: 'Moderator' });
    expect(reloaded.policy.isLocked('p1')).toBe(true);
  });
});

describe('compaction', () => {
  it('[D3] unloading folds the update log into one snapshot, and the state survives the reload', () => {
    const room = registry.open(DOC)!;
    const connection = fakeConnection();
    room.join(connection);
    for (const words of ['One.', 'Two.', 'Three.']) clientTypes(room, words);
    expect(store.updateLogLength(DOC).count).toBeGreaterThanOrEqual(4);
    leave(room, connection);
    vi.advanceTimersByTime(DELAY_MS);
    expect(registry.peek(DOC)).toBeUndefined();
    expect(store.updateLogLength(DOC).count).toBe(0);
    expect(store.loadDocumentUpdates(DOC)).toHaveLength(1);
    expect(registry.open(DOC)!.blocks()[0]!.text).toBe('Seed text. One. Two. Three.');
  });

  it(`[D3] past ${COMPACT_AFTER_UPDATES} logged updates the log is compacted in the background while the room stays open; later updates survive too`, () => {
    const room = registry.open(DOC)!;
    room.join(fakeConnection());
    for (let i = 0; i < COMPACT_AFTER_UPDATES; i++) clientTypes(room, `w${i}`);
    expect(store.updateLogLength(DOC).count).toBeGreaterThanOrEqual(COMPACT_AFTER_UPDATES);
    vi.advanceTimersByTime(1_000); // compaction runs off the hot path, a moment after the writes
    expect(store.updateLogLength(DOC).count).toBe(0);
    expect(registry.peek(DOC)).toBe(room);
    clientTypes(room, 'after-compaction-1');
    clientTypes(room, 'after-compaction-2');
    expect(store.updateLogLength(DOC).count).toBe(2);
    expect(store.loadDocumentUpdates(DOC)).toHaveLength(3); // the snapshot, then the tail

    const expected = room.blocks()[0]!.text;
    expect(expected.endsWith(`w${COMPACT_AFTER_UPDATES - 1} after-compaction-1 after-compaction-2`)).toBe(true);
    // A fresh server process reads the snapshot and the tail.
    registry.closeAll();
    registry = new RoomRegistry(store, log, undefined, DELAY_MS);
    expect(registry.open(DOC)!.blocks()[0]!.text).toBe(expected);
  });

  it('[D3] a short log is left alone', () => {
    const room = registry.open(DOC)!;
    room.join(fakeConnection());
    clientTypes(room, 'One.');
    vi.advanceTimersByTime(1_000);
    expect(store.updateLogLength(DOC).count).toBe(2);
    expect(room.compactIfDue()).toBe(false);
    expect(room.compactIfDue(2)).toBe(true);
    expect(store.updateLogLength(DOC).count).toBe(0);
  });
});

describe('block numbers, as refusal notices name them', () => {
  function block(type: 'paragraph' | 'heading', id: string): Y.XmlElement {
    const element = new Y.XmlElement(type);
    element.setAttribute('id', id);
    element.insert(0, [new Y.XmlText()]);
    return element;
  }

  it('[L7] follow blocks as they are added, removed and re-numbered, and ignore typing', () => {
    const room = registry.open(DOC)!;
    expect(room.blockNumber('p1')).toBe(1);
    room.serverAction(() => room.fragment.insert(0, [block('paragraph', 'p0'), block('heading', 'h1')]));
    expect(room.blockNumber('p1')).toBe(2); // a paragraph before it counts, a heading does not
    expect(room.blockNumber('h1')).toBeUndefined();
    clientTypes(room, 'More words.');
    expect(room.blockNumber('p1')).toBe(2);
    room.serverAction(() => room.fragment.delete(0, 1));
    expect(room.blockNumber('p1')).toBe(1);
    expect(room.blockNumber('p0')).toBeUndefined();
    room.serverAction(() => (room.fragment.get(1) as Y.XmlElement).setAttribute('id', 'p1-renamed'));
    expect(room.blockNumber('p1')).toBeUndefined();
    expect(room.blockNumber('p1-renamed')).toBe(1);
  });
});
