/**
 * When a room's presence leaves it (PROTOCOL.md B2, P6): the states that changed go out
 * together with the room's flush, at most once per PRESENCE_BROADCAST_INTERVAL_MS, and
 * connections that are sent no presence (a projector) get an empty update every
 * QUIET_KEEPALIVE_MS, since a stock provider reconnects after 30 s of silence.
 */
import type * as awarenessProtocol from 'y-protocols/awareness';
import { PRESENCE_BROADCAST_INTERVAL_MS, QUIET_KEEPALIVE_MS } from '../../shared/limits.js';
import type { Connection } from './Connection.js';
import { awarenessFrame } from './frames.js';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class PresenceOutbox {
  /** Client ids whose state changed since presence last left. */
  private readonly changed = new Set<number>();
  private sentAt = -Infinity;
  /** Holds back the next presence frame until the interval since the last has passed. */
  private timer: NodeJS.Timeout | null = null;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private closed = false;

  /** `flushSoon` asks for the room's flush within this turn, `flushNow` flushes at once; each flush calls take(). */
  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly flushSoon: () => void,
    private readonly flushNow: () => void,
  ) {
    awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      for (const id of added) this.changed.add(id);
      for (const id of updated) this.changed.add(id);
      for (const id of removed) this.changed.add(id);
      this.schedule();
    });
  }

  /** The frame of every state that changed since presence last left, if it may leave now; otherwise null. */
  take(): Uint8Array | null {
    if (this.changed.size === 0 || this.timer !== null) return null;
    const frame = awarenessFrame(this.awareness, [...this.changed]);
    this.changed.clear();
    this.sentAt = performance.now();
    return frame;
  }

  /**
   * Sends the connections `quiet` lists (those sent no presence) an empty awareness update (no
   * states; y-protocols applies it as nothing) every QUIET_KEEPALIVE_MS while there are any.
   */
  keepAlive(quiet: () => Connection[]): void {
    if (this.keepAliveTimer !== null || this.closed) return;
    this.keepAliveTimer = setInterval(() => {
      const connections = quiet();
      if (connections.length === 0 || this.closed) {
        clearInterval(this.keepAliveTimer!);
        this.keepAliveTimer = null;
        return;
      }
      const frame = awarenessFrame(this.awareness, []);
      for (const connection of connections) connection.send(frame);
    }, QUIET_KEEPALIVE_MS);
    this.keepAliveTimer.unref();
  }

  /** Stops both timers (the room is closing); a last take() still works. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.keepAliveTimer !== null) clearInterval(this.keepAliveTimer);
  }

  /** Presence goes out with the next flush, or when the interval since the last has passed. */
  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    const wait = this.sentAt + PRESENCE_BROADCAST_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.flushSoon();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushNow();
    }, wait);
  }
}
