/**
 * The document updates a room's connections sent during one event-loop turn, held here so
 * that each connection's are applied together when the turn ends (PROTOCOL.md B1): the first
 * update of a turn schedules the one drain, and a connection leaving or the room closing
 * drains at once, so nothing received is lost.
 */
import type { Connection } from './Connection.js';

/** Applies one turn's updates, each connection's in the order it sent them (updatePipeline.ts, applyTurn). */
export type ApplyTurn = (batches: ReadonlyMap<Connection, Uint8Array[]>) => void;

export class UpdateBatch {
  private readonly queued = new Map<Connection, Uint8Array[]>();

  constructor(private readonly applyTurn: ApplyTurn) {}

  /** Queues an update that passed the per-frame checks; the first of a turn schedules the drain at its end. */
  add(connection: Connection, update: Uint8Array): void {
    const updates = this.queued.get(connection);
    if (updates !== undefined) {
      updates.push(update);
      return;
    }
    if (this.queued.size === 0) setImmediate(() => this.drain());
    this.queued.set(connection, [update]);
  }

  /**
   * Ends the turn now: applies everything queued (perhaps nothing; the turn's end persists and
   * broadcasts all the same). Runs at the end of each turn with updates, and sooner when a
   * connection leaves or the room closes.
   */
  drain(): void {
    const batches = new Map(this.queued);
    this.queued.clear();
    this.applyTurn(batches);
  }
}
