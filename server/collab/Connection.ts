/**
 * One websocket connection: its session, its rate limits, and the only place that writes
 * to or closes its socket.
 */
import type { FastifyBaseLogger } from 'fastify';
import {
  MAX_AWARENESS_PER_WINDOW,
  MAX_MESSAGES_PER_WINDOW,
  MAX_RESTORED_PER_WINDOW,
  MAX_UPDATES_PER_WINDOW,
  RATE_WINDOW_MS,
} from '../../shared/limits.js';
import { colourFor, type Session } from './Session.js';

/** A slow client whose unsent backlog passes this is dropped rather than buffered without bound. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Its close (1013, try again later) and reason. */
export const SLOW_CLIENT_CLOSE = { code: 1013, reason: 'E_SLOW_CLIENT: too much unsent data; reconnect' } as const;

/**
 * What a connection needs of its socket: a websocket, or a client another server relays over a
 * room link (K5, linkEndpoint.ts).
 */
export interface ClientSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

let nextConnectionNumber = 1;

export class Connection {
  readonly id = `c${nextConnectionNumber++}`;
  /** The caret and presence colour; the room's PresenceSeats sets it at join. */
  colour: string;
  /**
   * 1 for the first person present under this name and delegation, 2 for a second one, and
   * so on (PresenceSeats): pages tell namesakes apart by it.
   */
  namesake = 1;
  /** Awareness client ids this connection has published; removed when it leaves. */
  readonly awarenessClients = new Set<number>();
  /** The Yjs client ids this connection has written under (R3, U1), at most MAX_WRITING_CLIENTS_PER_CONNECTION. */
  readonly writingClients = new Set<number>();
  readonly log: FastifyBaseLogger;
  private windowStartedAt = Date.now();
  private inWindow = { frames: 0, updates: 0, awareness: 0, restored: 0 };
  private closed = false;

  constructor(
    readonly socket: ClientSocket,
    readonly session: Session,
    log: FastifyBaseLogger,
  ) {
    this.colour = colourFor(session);
    this.log = log.child({ docId: session.docId, connId: this.id, role: session.role });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(SLOW_CLIENT_CLOSE.code, SLOW_CLIENT_CLOSE.reason);
      return;
    }
    this.socket.send(frame);
  }

  /** Sends several frames in one write to the kernel (one writev instead of one per frame). */
  sendAll(frames: Uint8Array[]): void {
    if (frames.length === 1) {
      this.send(frames[0]!);
      return;
    }
    const tcp = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    tcp?.cork();
    for (const frame of frames) this.send(frame);
    tcp?.uncork();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.info({ code, reason }, 'closing connection');
    // Close reasons are limited to 123 bytes by the websocket protocol.
    this.socket.close(code, reason.slice(0, 120));
  }

  /**
   * Counts a frame of any kind against the flood guard; false when over it. Every frame
   * passes here first, so this is where the window moves on.
   */
  admitFrame(): boolean {
    const now = Date.now();
    if (now - this.windowStartedAt >= RATE_WINDOW_MS) {
      this.windowStartedAt = now;
      this.inWindow = { frames: 0, updates: 0, awareness: 0, restored: 0 };
    }
    return ++this.inWindow.frames <= MAX_MESSAGES_PER_WINDOW;
  }

  /** Counts a document update (after admitFrame); false when over the limit. */
  admitUpdate(): boolean {
    return ++this.inWindow.updates <= MAX_UPDATES_PER_WINDOW;
  }

  /** Counts what the server wrote back for this connection's refused changes (L9); false when over the limit. */
  admitRestored(units: number): boolean {
    this.inWindow.restored += units;
    return this.inWindow.restored <= MAX_RESTORED_PER_WINDOW;
  }

  /** Counts a presence update that publishes this connection's own state (after admitFrame); false when over the limit. */
  admitOwnAwareness(): boolean {
    return ++this.inWindow.awareness <= MAX_AWARENESS_PER_WINDOW;
  }
}
