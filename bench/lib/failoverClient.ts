/**
 * A simulated person for several servers (scenario 9): a bare y-websocket protocol client, as
 * rawClient.ts's, that also reconnects as this project's provider does (every close counts as
 * a failed attempt until a connection syncs again: 200 ms, then 400, 800 … at most 2,500 ms)
 * and, when an attempt never opens (its server is gone), tries the next server of its list
 * the next time: a stand-in, on the client's side, for a load balancer that routes around a
 * dead server.
 *
 * It does not apply what it receives (one load generator applying every keystroke for 1,000
 * people would measure itself); it keeps the state vector of what it received (`known`), so
 * a scenario can tell what it holds. A typist has a Y.Doc of its own, the seeded document,
 * into which it types (only into its own paragraph, so it never needs the others' updates):
 * what it types is sent while the connection is synced, and on every connection, in reply
 * to the server's sync step 1, whatever that server lacks — as the stock provider does.
 * Presence as rawClient.ts's stand-in for y-websocket: on joining, renewed every 15 s, and
 * every awareness frame received echoed back.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { AWARENESS, AWARENESS_RENEW_MS, EMPTY_UPDATE, STEP1, STEP2, SYNC, UPDATE, presenceUpdate } from './wire.js';

const MAX_BACKOFF_MS = 2_500;

export interface FailoverClientOptions {
  /** Servers' websocket bases (ws://host:port/collab), the client's own first. */
  servers: string[];
  docId: string;
  token: string;
  name: string;
  /** A typist's document (its own clock is what it types). Listeners have none. */
  doc?: Y.Doc;
  /** A document update or sync step 2 arrived (after `known` took it in): the clocks it reaches per Yjs client. */
  onUpdate?: (client: FailoverClient, to: Map<number, number>, at: number) => void;
}

export class FailoverClient {
  /** The state vector of what this client holds: what it received, and a typist's own document. */
  readonly known = new Map<number, number>();
  /** performance.now() of each connection opened, each sync step 2 received, and each close. */
  readonly opens: number[] = [];
  readonly syncs: number[] = [];
  readonly closes: Array<{ at: number; code: number }> = [];
  /**
   * Typists: from each sync step 1 a server sent, how far that server held this client's own
   * keystrokes, before this connection re-sent any (what a new owner loaded from the database).
   */
  readonly serverHeld: Array<{ at: number; clock: number }> = [];
  /** Which of `servers` the current (or next) connection goes to. */
  serverIndex = 0;
  private ws: WebSocket | null = null;
  private failures = 0;
  private isSynced = false;
  /** The server's step 1 was answered on this connection: live updates may follow. */
  private answered = false;
  private destroyed = false;
  private awarenessClock = 0;
  private readonly yClientId = Math.floor(Math.random() * 0xffffffff);
  private renewTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(readonly options: FailoverClientOptions) {
    const doc = options.doc;
    if (doc) {
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) this.known.set(client, clock);
      doc.on('update', (update: Uint8Array) => {
        this.known.set(doc.clientID, Y.getState(doc.store, doc.clientID));
        if (this.answered && this.ws?.readyState === WebSocket.OPEN) this.sendSync(UPDATE, update);
      });
    }
    this.connect();
  }

  /** Open, and the server's sync step 2 received since it opened. */
  get synced(): boolean {
    return this.isSynced;
  }

  /** The server's websocket base this client uses now. */
  get server(): string {
    return this.options.servers[this.serverIndex]!;
  }

  /** Resolves once synced (false after `timeoutMs`). */
  async whenSynced(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.isSynced) {
      if (performance.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) ws.close();
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.destroyed) return;
    const { docId, token } = this.options;
    const ws = new WebSocket(`${this.server}/${docId}?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    this.ws = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      this.opens.push(performance.now());
      this.sendSync(STEP1, Y.encodeStateVector(this.known));
      this.publishPresence();
      this.renewTimer ??= setInterval(() => this.publishPresence(), AWARENESS_RENEW_MS).unref();
    });
    ws.on('message', (data: Buffer) => this.receive(ws, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    ws.on('close', (code) => {
      this.closes.push({ at: performance.now(), code });
      this.isSynced = false;
      this.answered = false;
      this.ws = null;
      if (this.destroyed) return;
      // Its server is gone (the attempt never opened): the next attempt goes to the next one.
      if (!opened) this.serverIndex = (this.serverIndex + 1) % this.options.servers.length;
      this.failures++;
      this.reconnectTimer = setTimeout(() => this.connect(), Math.min(2 ** this.failures * 100, MAX_BACKOFF_MS));
    });
    ws.on('error', () => undefined); // a close follows
  }

  private receive(ws: WebSocket, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === AWARENESS) {
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes); // y-websocket re-sends what it applied
      return;
    }
    if (type !== SYNC) return;
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    const now = performance.now();
    if (syncType === STEP1) {
      const doc = this.options.doc;
      if (doc) {
        const held = Y.decodeStateVector(payload);
        this.serverHeld.push({ at: now, clock: held.get(doc.clientID) ?? 0 });
        this.sendSync(STEP2, Y.encodeStateAsUpdate(doc, payload));
      } else this.sendSync(STEP2, EMPTY_UPDATE);
      this.answered = true;
      return;
    }
    const to = Y.parseUpdateMeta(payload).to;
    for (const [client, clock] of to) if (clock > (this.known.get(client) ?? 0)) this.known.set(client, clock);
    if (syncType === STEP2 && !this.isSynced) {
      this.isSynced = true;
      this.failures = 0;
      this.syncs.push(now);
    }
    this.options.onUpdate?.(this, to, now);
  }

  private publishPresence(): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.awarenessClock++;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, AWARENESS);
    encoding.writeVarUint8Array(encoder, presenceUpdate(this.yClientId, this.awarenessClock, this.options.name));
    this.ws.send(encoding.toUint8Array(encoder));
  }

  private sendSync(syncType: number, payload: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SYNC);
    encoding.writeVarUint(encoder, syncType);
    encoding.writeVarUint8Array(encoder, payload);
    this.ws?.send(encoding.toUint8Array(encoder));
  }
}
