/**
 * Where a room is served when several servers share one database (PROTOCOL.md K5): here, if
 * this server owns it or can take it; otherwise on its owner, to which this server relays the
 * client's websocket (RoomLinks.ts) or HTTP call (clusterRoutes.ts).
 *
 * Taking a room is: its lease in Redis (RoomLeases), then a fencing token in the database
 * (PostgresStore.claimRoom), then loading it. Every write the room makes carries the token,
 * so a server that lost the room (killed, paused past its lease, cut off from Redis) cannot
 * write to it any more, whatever it believes. A room is given back when it unloads.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { PostgresStore } from '../store/postgres/PostgresStore.js';
import type { RoomRegistry } from '../collab/RoomRegistry.js';
import { LEASE_MS, isCoordinationUnavailable, type RoomLeases } from './RoomLeases.js';
import { isStoreUnavailable } from '../store/storeErrors.js';

/** A room cannot be placed right now (the database or Redis does not answer): the request is to be tried again. */
export function isPlacementUnavailable(error: unknown): boolean {
  return isStoreUnavailable(error) || isCoordinationUnavailable(error);
}

/** Where a room is served: here, or on the owner at `url`. */
export type Placement = { here: true } | { here: false; url: string };

/** How long a request waits for a room whose owner is gone to become free (its lease to run out). */
export const PLACEMENT_WAIT_MS = LEASE_MS + 3_000;
const RETRY_MS = 150;

export class RoomPlacement {
  /** Owners found unreachable lately, until when: their leases are waited out, not relayed to. */
  private readonly unreachable = new Map<string, number>();
  /** Placements under way, by room: every request for the room waits on the same one. */
  private readonly placing = new Map<string, Promise<Placement | null>>();

  constructor(
    private readonly leases: RoomLeases,
    private readonly store: PostgresStore,
    private readonly rooms: RoomRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Where the room is to be served. Takes it when nobody owns it (a room that does not exist is
   * "here": the route answers 404). Waits while its owner is unreachable, at most
   * PLACEMENT_WAIT_MS; null when the room could not be placed in that time. Requests for one
   * room wait together: after a failover the whole room reconnects at once, and one wait per
   * person would ask PostgreSQL and Redis hundreds of times a round.
   */
  place(docId: string): Promise<Placement | null> {
    if (this.leases.holds(docId)) return Promise.resolve({ here: true });
    let placing = this.placing.get(docId);
    if (placing === undefined) {
      placing = this.placeNow(docId).finally(() => this.placing.delete(docId));
      this.placing.set(docId, placing);
    }
    return placing;
  }

  private async placeNow(docId: string): Promise<Placement | null> {
    if (this.store.getDocument(docId) === null) return { here: true };
    const deadline = Date.now() + PLACEMENT_WAIT_MS;
    for (;;) {
      if (this.leases.holds(docId)) return { here: true };
      const lease = await this.leases.acquire(docId);
      if (lease === 'taken') {
        // The first placement of this server claims and loads the room (another may have while this one waited).
        if (this.rooms.peek(docId) === undefined) this.take(docId);
        return { here: true };
      }
      if ((this.unreachable.get(lease.url) ?? 0) <= Date.now()) return { here: false, url: lease.url };
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  /** An owner did not answer: its rooms are waited for (its leases run out) rather than relayed to, for a lease's time. */
  ownerUnreachable(url: string): void {
    this.unreachable.set(url, Date.now() + LEASE_MS);
  }

  /** The room is loaded here under a fencing token newer than every earlier owner's. */
  private take(docId: string): void {
    try {
      this.store.claimRoom(docId);
      this.rooms.open(docId);
      this.log.info({ docId }, 'room taken');
    } catch (error) {
      this.store.releaseRoom(docId);
      void this.leases.release(docId);
      throw error;
    }
  }

  /** The room unloaded here: its claim and lease are given back, for any server to take. */
  unloaded(docId: string): void {
    this.store.releaseRoom(docId);
    void this.leases.release(docId);
  }

  /** The lease was lost (RoomLeases): the room stops here at once; its clients reconnect to its new owner. */
  lost(docId: string): void {
    this.rooms.abandon(docId, 'the room moved to another server', 'its lease was lost');
  }
}
