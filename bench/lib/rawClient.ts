/**
 * A bare protocol client for the load generator: it sends pre-encoded frames and looks at
 * what comes back without applying it to a Y.Doc, so that one load-generator process can
 * stand in for many people without becoming the bottleneck. Two framings: y-websocket
 * (Draftroom, stock server) and Hocuspocus (every message prefixed with the document name,
 * after an auth handshake).
 *
 * With `asProvider`, it also does on the wire what the stock providers do: sync step 1 on
 * open and an empty step 2 in reply to the server's, its own presence on open and renewed
 * every 15 s, and — y-websocket 3.1 only, whose provider re-sends every awareness update it
 * applies, remote ones included — the echo of every awareness frame it receives.
 * HocuspocusProvider skips remote-origin awareness, so its stand-in does not echo.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { tokenFor, type Room } from './rooms.js';
import { AWARENESS, AWARENESS_RENEW_MS, EMPTY_STATE_VECTOR, EMPTY_UPDATE, STEP1, STEP2, SYNC, UPDATE, presenceUpdate } from './wire.js';

const AUTH = 2;
const QUERY_AWARENESS = 3;
const HOCUSPOCUS_SYNC_REPLY = 4;

export interface RawOptions {
  /** A document update or sync step 2 payload arrived (not applied anywhere). */
  onUpdate?: (update: Uint8Array, kind: 'step2' | 'update') => void;
  /** Behave on the wire like the stock provider of this server (see above). */
  asProvider?: { name: string; noEcho?: boolean };
}

export class RawClient {
  readonly closeCodes: number[] = [];
  /** performance.now() of each close, alongside closeCodes. */
  readonly closeTimes: number[] = [];
  readonly startedAt = performance.now();
  syncedAt: number | null = null;
  readonly clientId = Math.floor(Math.random() * 0xffffffff);
  private awarenessClock = 0;
  private timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly ws: WebSocket,
    private readonly prefix: string | null,
    private readonly options: RawOptions,
  ) {}

  /** Opens a connection for person `index`; resolves once the server has admitted it. */
  static open(room: Room, index: number, options: RawOptions = {}, timeoutMs = 30_000): Promise<RawClient> {
    const hocuspocus = room.server.kind === 'hocuspocus';
    const token = tokenFor(room, index);
    const url = hocuspocus ? room.server.wsBase : `${room.server.wsBase}/${room.name}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new RawClient(ws, hocuspocus ? room.name : null, options);
    return new Promise((resolve, reject) => {
      let admitted = false;
      const timer = setTimeout(() => fail(new Error(`raw client ${index} not admitted within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        client.stopTimers();
        ws.terminate();
        reject(error);
      };
      const admit = () => {
        if (admitted) return;
        admitted = true;
        clearTimeout(timer);
        resolve(client);
      };
      ws.on('open', () => {
        if (hocuspocus) {
          const encoder = client.encoder(AUTH);
          encoding.writeVarUint(encoder, 0); // a token follows
          encoding.writeVarString(encoder, 'bench');
          encoding.writeVarString(encoder, '4.7.0');
          ws.send(encoding.toUint8Array(encoder));
          // Hocuspocus closes connections it has not heard from within its timeout (30 s).
          client.every(10_000, () => client.sendQueryAwareness());
        } else {
          client.startProviderBehaviour();
        }
      });
      ws.on('message', (data: Buffer) => {
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        const decoder = decoding.createDecoder(bytes);
        if (hocuspocus) decoding.readVarString(decoder);
        const type = decoding.readVarUint(decoder);
        if (type === AUTH) {
          const authType = decoding.readVarUint(decoder);
          if (authType !== 2) return fail(new Error(`hocuspocus refused the connection (auth message ${authType})`));
          client.startProviderBehaviour();
          return admit();
        }
        if (type === AWARENESS) {
          // y-websocket's provider re-sends what it applied: the same states and clocks.
          if (!hocuspocus && options.asProvider && !options.asProvider.noEcho && client.isOpen) ws.send(bytes);
          return;
        }
        if (type !== SYNC && type !== HOCUSPOCUS_SYNC_REPLY) return;
        if (!hocuspocus) admit(); // the y-websocket servers send sync step 1 right after admitting
        const syncType = decoding.readVarUint(decoder);
        if (syncType === STEP1) {
          if (options.asProvider) client.sendSync(STEP2, EMPTY_UPDATE);
          return;
        }
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === STEP2) {
          if (client.syncedAt === null) client.syncedAt = performance.now();
          options.onUpdate?.(payload, 'step2');
        } else if (syncType === UPDATE) options.onUpdate?.(payload, 'update');
      });
      ws.on('close', (code) => {
        client.closeCodes.push(code);
        client.closeTimes.push(performance.now());
        client.stopTimers();
        if (!admitted) fail(new Error(`raw client ${index} closed before admission (code ${code})`));
      });
      ws.on('error', (error) => {
        if (!admitted) fail(error);
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  private startProviderBehaviour(): void {
    if (!this.options.asProvider) return;
    this.sendSync(STEP1, EMPTY_STATE_VECTOR);
    this.publishPresence();
    this.every(AWARENESS_RENEW_MS, () => this.publishPresence());
  }

  private publishPresence(): void {
    if (!this.isOpen) return;
    this.awarenessClock++;
    const encoder = this.encoder(AWARENESS);
    encoding.writeVarUint8Array(encoder, presenceUpdate(this.clientId, this.awarenessClock, this.options.asProvider!.name));
    this.ws.send(encoding.toUint8Array(encoder));
  }

  private every(ms: number, action: () => void): void {
    const timer = setInterval(action, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private encoder(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    if (this.prefix !== null) encoding.writeVarString(encoder, this.prefix);
    encoding.writeVarUint(encoder, type);
    return encoder;
  }

  private sendSync(syncType: number, payload: Uint8Array): void {
    const encoder = this.encoder(SYNC);
    encoding.writeVarUint(encoder, syncType);
    encoding.writeVarUint8Array(encoder, payload);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  /** The frame that carries `update` as a sync update message, in this server's framing. */
  updateFrame(update: Uint8Array): Uint8Array {
    const encoder = this.encoder(SYNC);
    encoding.writeVarUint(encoder, UPDATE);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  sendUpdate(update: Uint8Array): void {
    this.ws.send(this.updateFrame(update));
  }

  /** Asks for the document past `stateVector` (by default: all of it). */
  sendStep1(stateVector: Uint8Array = EMPTY_STATE_VECTOR): void {
    this.sendSync(STEP1, stateVector);
  }

  sendQueryAwareness(): void {
    if (this.isOpen) this.ws.send(encoding.toUint8Array(this.encoder(QUERY_AWARENESS)));
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Closes and resolves once the close handshake is done (the server has read every frame before it). */
  closeAndWait(timeoutMs = 30_000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.close();
    });
  }

  close(): void {
    this.stopTimers();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
  }
}
