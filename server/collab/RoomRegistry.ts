/**
 * The open rooms of this server: a room is loaded from the store on first use and unloaded
 * a little after its last connection leaves (so a page reload does not reload the room).
 */
import { roomEditMode } from '../rooms/roomSettings.js';
import type { FastifyBaseLogger } from 'fastify';
import { ROOM_UNLOAD_DELAY_MS } from '../../shared/limits.js';
import type { Store } from '../store/Store.js';
import { EditRecords } from './EditRecords.js';
import { Room } from './Room.js';
import type { RoomMetrics } from './RoomMetrics.js';
import { ApiError } from '../ApiError.js';
import { ErrorCode } from '../../shared/protocol.js';

/**
 * Whose rooms these are when several servers share the database (cluster/RoomPlacement.ts,
 * K5). Without it (one server), every room is this server's.
 */
export interface RoomOwnership {
  /** True while this server owns the room (it may load it and write to it). */
  owns(docId: string): boolean;
  /** The room was unloaded here: its ownership is given back. */
  unloaded(docId: string): void;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private ownership: RoomOwnership | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly metrics?: RoomMetrics,
    private readonly unloadDelayMs = ROOM_UNLOAD_DELAY_MS,
  ) {
    this.editRecords = new EditRecords(store, log);
  }

  /** The records of who wrote what, for all rooms of this server (written in batches). */
  readonly editRecords: EditRecords;

  /** Several servers share the database: rooms are loaded only where they are owned. */
  setOwnership(ownership: RoomOwnership): void {
    this.ownership = ownership;
  }

  /**
   * The room for `docId`, loading it if needed; null when no such document exists. Among
   * several servers, a room this server does not own is a 503 (its requests go to its owner).
   */
  open(docId: string): Room | null {
    if (this.ownership !== null && !this.ownership.owns(docId)) {
      throw new ApiError(
        503,
        ErrorCode.unavailable,
        'expected the room on this server, but it is moving between servers; try again in a moment',
      );
    }
    const existing = this.rooms.get(docId);
    if (existing) {
      // Restart the delay rather than drop it: an HTTP call during the delay must not pin an
      // empty room in memory (a joining connection makes the timer a no-op).
      this.cancelUnload(docId);
      this.release(existing);
      return existing;
    }
    const record = this.store.getDocument(docId);
    if (record === null) return null;
    const room = new Room(
      docId,
      record.title,
      this.store,
      this.log.child({ docId }),
      this.metrics,
      () => this.abandon(docId, 'the room moved to another server', 'a write was refused by the fencing token'),
      this.editRecords,
    );
    room.setEditMode(roomEditMode(record));
    this.rooms.set(docId, room);
    this.log.info({ docId }, 'room loaded');
    // A room opened for an HTTP call (blocks, lock) unloads again unless someone joins.
    this.release(room);
    return room;
  }

  /** The room if it is loaded now (no loading). */
  peek(docId: string): Room | undefined {
    return this.rooms.get(docId);
  }

  /** Call when a connection leaves: unloads the room once nobody is left. */
  release(room: Room): void {
    if (room.isDestroyed || !room.isEmpty || this.unloadTimers.has(room.docId)) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.docId);
      if (!room.isEmpty || this.rooms.get(room.docId) !== room) return;
      // A room that cannot save keeps its unsaved changes in memory until it can (F1).
      if (!room.unload()) {
        this.release(room);
        return;
      }
      this.rooms.delete(room.docId);
      this.log.info({ docId: room.docId }, 'room unloaded');
      this.ownership?.unloaded(room.docId);
    }, this.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(room.docId, timer);
  }

  /**
   * Drops the room without saving (it is another server's now, K5): its connections are
   * closed with 1012 and reconnect to the new owner with everything their clients hold.
   */
  abandon(docId: string, why: string, cause: string): void {
    const room = this.rooms.get(docId);
    this.cancelUnload(docId);
    this.ownership?.unloaded(docId);
    if (room === undefined) return;
    this.rooms.delete(docId);
    room.abandon(`${ErrorCode.restarting}: ${why}; reconnecting`);
    this.log.warn({ docId, cause }, 'room dropped: another server owns it now');
  }

  private cancelUnload(docId: string): void {
    const timer = this.unloadTimers.get(docId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(docId);
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /**
   * Persists everything every room holds (a stopping server, D5): each connection's updates
   * of this turn are applied, then each room writes what is pending. Returns the rooms that
   * could not save (F1: their changes were undone and their senders told).
   */
  saveAll(): string[] {
    const unsaved: string[] = [];
    for (const room of this.rooms.values()) if (!room.save()) unsaved.push(room.docId);
    return unsaved;
  }

  /** Closes every connection of every room with `code` and `reason` (a stopping server, D5). */
  closeConnections(code: number, reason: string): void {
    for (const room of this.rooms.values()) for (const connection of [...room.connections]) connection.close(code, reason);
  }

  /** Flushes and unloads every room (server shutdown). */
  closeAll(): void {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    this.editRecords.flush();
  }
}
