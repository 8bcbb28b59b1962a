/**
 * The wire contract without a network (shared/PROTOCOL.md W1–W4, W6, R1–R2, D1, D5, L7): the
 * message types and close codes match what the stock y-websocket provider expects, the English
 * words for each close, frames encoded by y-protocols go through the server's pipeline and come back
 * decodable, and the awareness rewrite gives every presence entry the server's identity.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider, messageAuth, messageAwareness, messageQueryAwareness, messageSync } from 'y-websocket';
import WebSocketPolyfill from 'ws';
import type { WebSocket } from 'ws';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { closeWords } from '../../shared/closeWords.js';
import { CloseCode, ErrorCode, MessageType, type ServerNotice } from '../../shared/protocol.js';
import { english } from '../../server/englishWords.js';
import { MAX_AWARENESS_STATE_BYTES, MAX_MESSAGES_PER_WINDOW } from '../../shared/limits.js';
import type { Role } from '../../shared/roles.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { Room } from '../../server/collab/Room.js';
import { Connection } from '../../server/collab/Connection.js';
import { MalformedFrame, handleFrame } from '../../server/collab/updatePipeline.js';
import { AwarenessRejected, rewriteAwarenessUpdate } from '../../server/collab/awarenessIdentity.js';
import { removeDataDir, tempDataDir } from '../helpers/testServer.js';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

// ── the numbers both sides must agree on ────────────────────────────────────

describe('message types and close codes', () => {
  it('[W1] the message types are the stock y-websocket provider’s', () => {
    expect(MessageType.sync).toBe(messageSync);
    expect(MessageType.awareness).toBe(messageAwareness);
    expect(MessageType.auth).toBe(messageAuth);
    expect(MessageType.queryAwareness).toBe(messageQueryAwareness);
    expect([syncProtocol.messageYjsSyncStep1, syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]).toEqual([0, 1, 2]);
  });

  it('[W2] the notice type collides with none of the standard ones', () => {
    expect([messageSync, messageAwareness, messageAuth, messageQueryAwareness]).not.toContain(MessageType.notice);
  });

  it('[D5] the stock provider gives up on the codes that retrying cannot fix (4400–4499), and retries the others', () => {
    const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', new Y.Doc(), {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: WebSocketPolyfill as unknown as typeof globalThis.WebSocket,
    });
    try {
      const retries = (code: number) => provider.shouldReconnect({ code } as CloseEvent, provider);
      for (const code of [CloseCode.malformed, CloseCode.unauthenticated, CloseCode.forbidden, CloseCode.notFound, CloseCode.rateLimited]) {
        expect(retries(code), `close code ${code}`).toBe(false);
      }
      // A too-large frame or a server fault is worth another try (a reload, a restarted server).
      expect(retries(CloseCode.messageTooBig)).toBe(true);
      expect(retries(CloseCode.internalError)).toBe(true);
      // A server stopping (SIGTERM) closes with 1012: stock providers reconnect by themselves.
      expect(retries(CloseCode.serviceRestart)).toBe(true);
    } finally {
      provider.destroy();
    }
  });

  it('error codes are stable, distinct E_ names', () => {
    const codes = Object.values(ErrorCode);
    expect(codes.every((code) => /^E_[A-Z_]+$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    [CloseCode.unauthenticated, 'E_TOKEN_EXPIRED: the invitation has expired', /expired/],
    [CloseCode.unauthenticated, 'E_TOKEN_INVALID: expected a token issued by this server', /not valid/],
    [CloseCode.unauthenticated, 'E_TOKEN_MISSING: expected a token', /not valid/],
    [CloseCode.forbidden, 'E_TOKEN_REVOKED: the invitation was revoked', /revoked/],
    [CloseCode.forbidden, 'E_OTHER_ROOM: the invitation is for another room', /not for this room/],
    [CloseCode.notFound, 'E_NOT_FOUND: no such room', /does not exist/],
    [CloseCode.messageTooBig, '', /too large/],
    [CloseCode.malformed, 'E_MALFORMED: unknown message type', /could not read/],
    [CloseCode.rateLimited, 'E_RATE_LIMITED: too many messages', /Too many messages/],
    [1006, '', /closed/],
  ])(
    '[W6] close %i (%s) is worded from its code and the reason’s E_ code (the page’s English, from the one wording table)',
    (code, reason, words) => {
      expect(english(closeWords(code, reason))).toMatch(words);
    },
  );
});

// ── frames through the server's pipeline, no network ────────────────────────

interface FakeSocket {
  readyState: number;
  OPEN: number;
  bufferedAmount: number;
  sent: Array<{ frame: Uint8Array; logged: number }>;
  closed?: { code: number; reason: string };
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

describe('frames through the pipeline', () => {
  const DOC = 'wire-unit';
  let dataDir: string;
  let store: SqliteStore;
  let room: Room;

  beforeEach(() => {
    dataDir = tempDataDir();
    store = new SqliteStore(dataDir);
    store.createDocument({ id: DOC, title: 'Wire', createdAt: new Date().toISOString() });
    const seed = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute('id', 'p1');
    const text = new Y.XmlText();
    text.insert(0, 'Seed.');
    paragraph.insert(0, [text]);
    seed.getXmlFragment('default').insert(0, [paragraph]);
    store.appendUpdate(DOC, Y.encodeStateAsUpdate(seed));
    room = new Room(DOC, 'Wire', store, log);
  });
  const sockets: FakeSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.readyState = 3; // nothing more is sent to them
    room.destroy();
    store.close();
    removeDataDir(dataDir);
  });

  function connection(role: Role, name = `A ${role}`): { connection: Connection; socket: FakeSocket } {
    const socket: FakeSocket = {
      readyState: 1,
      OPEN: 1,
      bufferedAmount: 0,
      sent: [],
      send(frame) {
        // What the store holds at the moment a frame leaves: for D1.
        this.sent.push({ frame, logged: store.updateLogLength(DOC).count });
      },
      close(code, reason) {
        this.closed = { code, reason };
        this.readyState = 3;
      },
    };
    sockets.push(socket);
    const session = { docId: DOC, inviteId: `invite-${role}`, role, name, delegation: 'Testland', expiresAt: null };
    const conn = new Connection(socket as unknown as WebSocket, session, log);
    room.join(conn);
    return { connection: conn, socket };
  }

  /** A client's Y.Doc that has the room's state, as after a sync. */
  function clientDoc(): Y.Doc {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
    return doc;
  }

  function frames(socket: FakeSocket, type: number) {
    return socket.sent.filter((s) => s.frame[0] === type);
  }

  /** Applies every sync frame a client received to `doc`, as the stock provider does. */
  function receiveSync(doc: Y.Doc, socket: FakeSocket): void {
    for (const { frame } of frames(socket, MessageType.sync)) {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    }
  }

  function updateFrameFrom(doc: Y.Doc, change: () => void): Uint8Array {
    const before = Y.encodeStateVector(doc);
    doc.transact(change);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc, before));
    return encoding.toUint8Array(encoder);
  }

  function typeInto(doc: Y.Doc, words: string): () => void {
    return () => ((doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, words);
  }

  it('[W1] joining sends sync step 1; a client’s sync step 1 is answered with a step 2 holding the room’s text', () => {
    const { connection: conn, socket } = connection('expert');
    const first = decoding.createDecoder(socket.sent[0]!.frame);
    expect([decoding.readVarUint(first), decoding.readVarUint(first)]).toEqual([MessageType.sync, syncProtocol.messageYjsSyncStep1]);
    const fresh = new Y.Doc();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, fresh);
    handleFrame(room, conn, encoding.toUint8Array(encoder));
    receiveSync(fresh, socket);
    expect(fresh.getXmlFragment('default').toString()).toBe(room.fragment.toString());
    expect(room.fragment.toString()).toContain('Seed.');
  });

  it('[D1] an editor’s update is written to the store before it is broadcast, to every connection', () => {
    const alice = connection('expert', 'Alice');
    const bob = connection('observer', 'Bob');
    const loggedBefore = store.updateLogLength(DOC).count;
    const doc = clientDoc();
    handleFrame(room, alice.connection, updateFrameFrom(doc, typeInto(doc, 'Alice: ')));
    room.incoming.drain(); // the end of the turn
    for (const socket of [alice.socket, bob.socket]) {
      const broadcast = frames(socket, MessageType.sync).at(-1)!;
      expect([broadcast.frame[1]]).toEqual([syncProtocol.messageYjsUpdate]);
      expect(broadcast.logged).toBe(loggedBefore + 1); // already in the store when it left
    }
    const bobDoc = clientDoc();
    receiveSync(bobDoc, bob.socket);
    expect(bobDoc.getXmlFragment('default').toString()).toContain('Alice: Seed.');
  });

  it('[R1][L7] an observer’s update is undone in the same turn; the restoring update reaches the sender before the notice that explains it', () => {
    const observer = connection('observer');
    const other = connection('expert');
    const doc = clientDoc();
    const sentBefore = observer.socket.sent.length;
    const otherBefore = other.socket.sent.length;
    handleFrame(room, observer.connection, updateFrameFrom(doc, typeInto(doc, 'Observer: ')));
    room.incoming.drain(); // the end of the turn
    expect(room.fragment.toString()).not.toContain('Observer');
    const replies = observer.socket.sent.slice(sentBefore).map((s) => s.frame);
    expect(replies.map((f) => f[0])).toEqual([MessageType.sync, MessageType.notice]);
    const decoder = decoding.createDecoder(replies[1]!);
    decoding.readVarUint(decoder);
    const notice = JSON.parse(decoding.readVarString(decoder)) as ServerNotice;
    expect(notice).toMatchObject({ type: 'refused', reason: ErrorCode.readOnly });
    // The sender, applying the restoring update, is back at the room's text.
    receiveSync(doc, { ...observer.socket, sent: observer.socket.sent.slice(sentBefore) });
    expect(doc.getXmlFragment('default').toString()).toBe(room.fragment.toString());
    // Others get no notice.
    expect(frames({ ...other.socket, sent: other.socket.sent.slice(otherBefore) }, MessageType.notice)).toEqual([]);
  });

  it('[R2] presence is relayed with the identity the server knows, to everyone including the sender', () => {
    const alice = connection('expert', 'Alice Real');
    const bob = connection('moderator', 'Bob');
    const clientAwareness = new awarenessProtocol.Awareness(new Y.Doc());
    clientAwareness.setLocalState({ user: { name: 'Chair', role: 'adviser' }, cursor: { anchor: 2 } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(clientAwareness, [clientAwareness.clientID]));
    handleFrame(room, alice.connection, encoding.toUint8Array(encoder));
    room.incoming.drain(); // the end of the turn
    for (const socket of [alice.socket, bob.socket]) {
      const seen = new awarenessProtocol.Awareness(new Y.Doc());
      const frame = frames(socket, MessageType.awareness).at(-1)!.frame;
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
      const state = seen.getStates().get(clientAwareness.clientID)!;
      expect(state.user).toMatchObject({ name: 'Alice Real', delegation: 'Testland', role: 'expert' });
      expect(state.cursor).toEqual({ anchor: 2 });
    }
  });

  it('[W1] a query for presence is answered with everyone’s presence; the auth message is accepted and ignored', () => {
    const alice = connection('expert');
    const before = alice.socket.sent.length;
    handleFrame(room, alice.connection, new Uint8Array([MessageType.queryAwareness]));
    handleFrame(room, alice.connection, new Uint8Array([MessageType.auth, 0]));
    const replies = alice.socket.sent.slice(before).map((s) => s.frame[0]);
    expect(replies).toEqual([MessageType.awareness]);
    expect(alice.socket.closed).toBeUndefined();
  });

  it.each([
    ['an empty frame', []],
    ['an unknown message type', [42]],
    ['an unknown sync message', [0, 7]],
    ['a length prefix past the end', [0, 2, 50, 1]],
    ['bytes that are not a Yjs update', [0, 2, 3, 0xff, 0xff, 0xff]],
    ['an awareness update that is not JSON', [1, 5, 1, 1, 1, 1, 0x7b]],
  ])('[W3] %s is a MalformedFrame, and the document is untouched', (_name, bytes) => {
    const alice = connection('expert');
    const before = room.fragment.toString();
    expect(() => handleFrame(room, alice.connection, new Uint8Array(bytes))).toThrow(MalformedFrame);
    expect(room.fragment.toString()).toBe(before);
  });

  it(`[W4] message ${MAX_MESSAGES_PER_WINDOW + 1} of a window closes the connection with 4429 and is not handled`, () => {
    const alice = connection('expert');
    for (let i = 0; i < MAX_MESSAGES_PER_WINDOW; i++) handleFrame(room, alice.connection, new Uint8Array([MessageType.queryAwareness]));
    expect(alice.socket.closed).toBeUndefined();
    const sent = alice.socket.sent.length;
    handleFrame(room, alice.connection, new Uint8Array([MessageType.queryAwareness]));
    expect(alice.socket.closed?.code).toBe(CloseCode.rateLimited);
    expect(alice.socket.closed?.reason).toMatch(/^E_RATE_LIMITED: /);
    expect(alice.socket.sent.length).toBe(sent);
  });
});

// ── the awareness rewrite ───────────────────────────────────────────────────

describe('the awareness rewrite (awarenessIdentity.ts)', () => {
  const owner = (name: string, role: Role = 'expert'): Connection =>
    ({
      session: { docId: 'd', inviteId: `i-${name}`, role, name, delegation: `${name}land`, expiresAt: null },
      colour: '#123456',
    }) as unknown as Connection;

  function encode(entries: Array<[number, number, string]>): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const [id, clock, json] of entries) {
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, json);
    }
    return encoding.toUint8Array(encoder);
  }

  function decode(update: Uint8Array): Array<[number, number, unknown]> {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    return Array.from({ length: count }, () => [
      decoding.readVarUint(decoder),
      decoding.readVarUint(decoder),
      JSON.parse(decoding.readVarString(decoder)),
    ]);
  }

  it('[R2] replaces `user` with the connection’s identity and keeps the rest of the state', () => {
    const alice = owner('Alice');
    const out = rewriteAwarenessUpdate(
      encode([[7, 3, JSON.stringify({ user: { name: 'Chair', role: 'adviser', color: '#fff' }, cursor: { head: 4 } })]]),
      alice,
      () => true,
    )!;
    expect(decode(out.update)).toEqual([
      [7, 3, { user: { name: 'Alice', delegation: 'Aliceland', role: 'expert', color: '#123456' }, cursor: { head: 4 } }],
    ]);
  });

  it('[R2] gives a state without `user` the identity too, and lets a leaving client (null) through', () => {
    const alice = owner('Alice');
    const out = rewriteAwarenessUpdate(
      encode([
        [7, 1, '{}'],
        [8, 2, 'null'],
      ]),
      alice,
      () => true,
    )!;
    expect(decode(out.update)).toEqual([
      [7, 1, { user: { name: 'Alice', delegation: 'Aliceland', role: 'expert', color: '#123456' } }],
      [8, 2, null],
    ]);
  });

  it('[R2] drops entries for client ids another person owns, even removals; keeps the sender’s own', () => {
    const alice = owner('Alice');
    const owners = new Map<number, string>([
      [1, 'alice'],
      [2, 'bob'],
    ]);
    const out = rewriteAwarenessUpdate(
      encode([
        [1, 5, '{}'],
        [2, 9, '{"user":{"name":"Bob (hacked)"}}'],
        [2, 10, 'null'],
        [3, 1, '{}'],
      ]),
      alice,
      (id) => (owners.get(id) ?? 'alice') === 'alice',
    )!;
    expect(decode(out.update).map(([id]) => id)).toEqual([1, 3]);
    expect(out.clientIds).toEqual([1, 3]);
  });

  it('[R2] an update holding only other people’s entries (a stock provider’s echo) yields nothing to publish', () => {
    const owners = new Map<number, string>([[2, 'bob']]);
    expect(
      rewriteAwarenessUpdate(encode([[2, 9, '{"user":{"name":"Bob"}}']]), owner('Alice'), (id) => owners.get(id) === 'alice'),
    ).toBeNull();
  });

  it.each([
    ['a number', '42'],
    ['an array', '[1,2]'],
    ['a string', '"hi"'],
  ])('[W3] refuses a state that is %s', (_name, json) => {
    expect(() => rewriteAwarenessUpdate(encode([[1, 1, json]]), owner('Alice'), () => true)).toThrow(AwarenessRejected);
  });

  it('[W3] refuses a state larger than MAX_AWARENESS_STATE_BYTES', () => {
    const big = JSON.stringify({ note: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) });
    expect(() => rewriteAwarenessUpdate(encode([[1, 1, big]]), owner('Alice'), () => true)).toThrow(AwarenessRejected);
  });

  it('[W3] throws on bytes that are not an awareness update (the pipeline turns that into 4400)', () => {
    expect(() => rewriteAwarenessUpdate(encode([[1, 1, '{not json']]), owner('Alice'), () => true)).toThrow();
    expect(() => rewriteAwarenessUpdate(new Uint8Array([3, 1]), owner('Alice'), () => true)).toThrow();
  });

  it('[R2] what it writes is a valid y-protocols awareness update', () => {
    const client = new awarenessProtocol.Awareness(new Y.Doc());
    client.setLocalState({ user: { name: 'Someone else' }, cursor: null });
    const out = rewriteAwarenessUpdate(
      awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]),
      owner('Olga', 'observer'),
      () => true,
    )!;
    const server = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(server, out.update, 'test');
    expect(server.getStates().get(client.clientID)).toEqual({
      user: { name: 'Olga', delegation: 'Olgaland', role: 'observer', color: '#123456' },
      cursor: null,
    });
  });
});
