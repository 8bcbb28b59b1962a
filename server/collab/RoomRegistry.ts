/**
 * The open rooms of this server: a room is loaded from the store on first use and unloaded
 * a little after its last connection leaves (so a page reload does not reload the room).
 */
import { roomEditMode } from '../rooms/roomSettings.js';
import type { FastifyBaseLogger } from 'fastify';
import { ROOM_UNLOAD_DELAY_MS } from '../../shared/limits.js';
import type { Store } from '../store/Store.js';
import { Room } from './Room.js';
import type { RoomMetrics } from './RoomMetrics.js';

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly metrics?: RoomMetrics,
    private readonly unloadDelayMs = ROOM_UNLOAD_DELAY_MS,
  ) {}

  /** The room for `docId`, loading it if needed; null when no such document exists. */
  open(docId: string): Room | null {
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
    const room = new Room(docId, record.title, this.store, this.log.child({ docId }), this.metrics);
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
    if (!room.isEmpty || this.unloadTimers.has(room.docId)) return;
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
    }, this.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(room.docId, timer);
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
  }
}
