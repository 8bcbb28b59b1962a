/**
 * A raw websocket to the collab endpoint, with nothing of the y-websocket provider in
 * between: it records every frame the server sends and how the socket closed, and sends
 * exactly the bytes a test (or an attacker) chooses.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageType } from '../../shared/protocol.js';
import { waitFor } from './waitFor.js';

export interface Closed {
  code: number;
  reason: string;
  at: number;
}

export interface RawSocket {
  ws: WebSocket;
  /** Every frame received, in order, binary or text. */
  messages: Array<{ data: Uint8Array; isBinary: boolean; at: number }>;
  opened: Promise<void>;
  /** Resolves when the socket closes (also when it never opened). */
  closed: Promise<Closed>;
  /** The close, once it happened. */
  close?: Closed;
  send(frame: Uint8Array | string): void;
}

export interface RawOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Extra query parameters (name, delegation). */
  query?: Record<string, string>;
  /** More query, appended as is (already percent-encoded): bytes URLSearchParams would never send. */
  rawQuery?: string;
}

export function openRaw(wsUrl: string, docId: string, options: RawOptions = {}): RawSocket {
  const params = new URLSearchParams();
  if (options.token !== undefined) params.set('token', options.token);
  for (const [key, value] of Object.entries(options.query ?? {})) params.set(key, value);
  const query = [params.toString(), options.rawQuery ?? ''].filter(Boolean).join('&');
  const ws = new WebSocket(`${wsUrl}/${encodeURIComponent(docId)}${query ? `?${query}` : ''}`, {
    headers: options.headers,
    // Our own outgoing frames may be large (the 1009 test); incoming ones are bounded by the server.
    maxPayload: 64 * 1024 * 1024,
  });
  const socket: RawSocket = {
    ws,
    messages: [],
    opened: new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', () => reject(new Error('closed before it opened')));
    }),
    closed: new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        socket.close = { code, reason: reason.toString(), at: Date.now() };
        resolve(socket.close);
      });
    }),
    send: (frame) => ws.send(frame),
  };
  socket.opened.catch(() => undefined);
  ws.on('message', (data: Buffer, isBinary: boolean) => socket.messages.push({ data: new Uint8Array(data), isBinary, at: Date.now() }));
  // A refused upgrade or a reset is reported through `close` as well; keep `error` from throwing.
  ws.on('error', () => undefined);
  return socket;
}

/** Waits for the socket to close and returns how. */
export async function closeOf(socket: RawSocket, timeoutMs = 5_000): Promise<Closed> {
  await waitFor(() => socket.close, 'the socket to close', timeoutMs);
  return socket.close!;
}

/** True when `haystack` contains the UTF-8 bytes of `needle`. */
export function containsText(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(Buffer.from(needle, 'utf8'));
}

// ── frames, as the stock provider builds them ───────────────────────────────

export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness update claiming `state` for `clientId` at `clock`, built by hand. */
export function handmadeAwarenessUpdate(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * A Yjs client on a raw socket: answers the server's sync step 1, applies what the server
 * sends, sends its own changes, and keeps every frame for inspection.
 */
export interface RawYClient extends RawSocket {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  awareness: awarenessProtocol.Awareness;
  /** The server's sync step 2 arrived. */
  synced: boolean;
}

const FROM_SERVER = Symbol('from server');

export function openRawYClient(wsUrl: string, docId: string, options: RawOptions & { sendOwnChanges?: boolean } = {}): RawYClient {
  const socket = openRaw(wsUrl, docId, options);
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const client = Object.assign(socket, { doc, fragment: doc.getXmlFragment('default'), awareness, synced: false }) as RawYClient;
  socket.ws.on('open', () => socket.send(syncStep1Frame(doc)));
  socket.ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, doc, FROM_SERVER);
      if (syncType === syncProtocol.messageYjsSyncStep2) client.synced = true;
      if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), FROM_SERVER);
    }
  });
  if (options.sendOwnChanges !== false) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER && socket.ws.readyState === WebSocket.OPEN) socket.send(updateFrame(update));
    });
  }
  return client;
}

export function destroyRaw(socket: RawSocket): void {
  if (socket.ws.readyState === WebSocket.OPEN || socket.ws.readyState === WebSocket.CONNECTING) socket.ws.terminate();
  const maybeDoc = (socket as Partial<RawYClient>).doc;
  maybeDoc?.destroy();
}
