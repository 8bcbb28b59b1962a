/**
 * How a room's document reaches the store (PROTOCOL.md D1, D3, F1, F2): the updates applied
 * and not yet written, written together as one log entry (with a server action's records in
 * the same SQLite transaction), and the log folded into a snapshot once it grows long; when
 * the store refuses a write, the failure is kept, told and retried until a write succeeds,
 * and the room is asked to undo what could not be saved.
 */
import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import { COMPACT_AFTER_UPDATES, SAVE_RETRY_MS } from '../../shared/limits.js';
import type { ServerNotice } from '../../shared/protocol.js';
import type { Store } from '../store/Store.js';
import { RoomFencedOut } from '../store/storeErrors.js';
import type { Connection } from './Connection.js';
import type { RoomMetrics } from './RoomMetrics.js';
import { SAVING_WORKS_NOTICE, SaveFailure } from './SaveFailure.js';
import { undoingUpdate } from './unsavedChanges.js';

/** What the saver asks of its room. */
export interface SavedRoom {
  /** Writes and broadcasts what is pending (Room.flush); false when the store refused. */
  flush(): boolean;
  /** A write failed: the changes not saved are to be undone in memory (undoUnsaved) and their senders told. */
  writeFailed(): void;
  /** Tells everyone in the room (the saving notices). */
  announce(notice: ServerNotice): void;
  /** The room is owned by another server now (K5): its writes are refused for good. */
  fencedOut(): void;
}

/** What a write did: saved or not, the merged update it wrote (null: none), what `records` returned. */
export interface Written<T> {
  saved: boolean;
  update: Uint8Array | null;
  result: T | undefined;
}

export class DocumentSaver {
  /** Updates applied to the document and not yet in the store, oldest first. */
  private updates: Uint8Array[] = [];
  /** How many of them are settled: each change that failed to save is followed there by its undoing. */
  private settled = 0;
  /** Connections whose changes are among the updates not yet settled. */
  private readonly senders = new Set<Connection>();
  /** While the store refuses this room's writes: since when and why. */
  private savingFailure: SaveFailure | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private compactScheduled = false;
  private closed = false;
  /**
   * What the store holds of this room, in memory: the undoing of changes that failed to save is
   * worked out from it (F1), at a moment the store may not answer reads either (a database that
   * went away, not only a full disk). The entries are the store's own: its snapshot, then each
   * update written since, replaced by the new snapshot at each compaction (every
   * COMPACT_AFTER_UPDATES writes), so it holds what the store holds. Never merged as it grows:
   * merging costs the size of the document, which in a long text is a millisecond a keystroke.
   */
  private savedLog: Uint8Array[] = [];

  constructor(
    private readonly docId: string,
    private readonly doc: Y.Doc,
    private readonly store: Store,
    private readonly room: SavedRoom,
    private readonly log: FastifyBaseLogger,
    private readonly metrics?: RoomMetrics,
  ) {}

  /** Notes what the room was loaded from (the store's snapshot and log). */
  loaded(updates: Uint8Array[]): void {
    this.savedLog = [...updates];
  }

  /** Notes an update applied to the document; `sender` is the connection whose change it is, if any. */
  add(update: Uint8Array, sender: Connection | null): void {
    this.updates.push(update);
    if (sender !== null) this.senders.add(sender);
  }

  /** How many applied updates the store does not hold yet. */
  get unsavedCount(): number {
    return this.updates.length;
  }

  /** Why the store refuses this room's writes, or null while it does not. */
  get failure(): SaveFailure | null {
    return this.savingFailure;
  }

  /**
   * Writes every unsaved update as one merged log entry, with what `records` writes (a server
   * action's rows) in the same SQLite transaction. Never throws: when the store refuses, the
   * room is asked to undo the unsaved changes and the result says not saved.
   */
  write<T>(records?: () => T): Written<T> {
    const update = this.updates.length > 0 ? mergeAll(this.updates) : null;
    if (update === null && records === undefined) return { saved: true, update: null, result: undefined };
    let result: T | undefined;
    const saved = this.persist(() => {
      if (records === undefined) this.store.appendUpdate(this.docId, update!);
      else
        result = this.store.transaction(() => {
          if (update !== null) this.store.appendUpdate(this.docId, update);
          return records();
        });
    });
    if (!saved) return { saved, update: null, result: undefined };
    if (update !== null) {
      this.updates = [];
      this.savedLog.push(update);
      this.scheduleCompaction();
    }
    return { saved, update, result };
  }

  /**
   * The undoing of the unsaved changes not undone yet (unsavedChanges.ts), put into the
   * document by `apply`; both stay unsaved. Returns it with the connections whose changes it
   * undid, or null when everything unsaved is already undone.
   */
  undoUnsaved(apply: (undoing: Uint8Array) => void): { undoing: Uint8Array; senders: Connection[] } | null {
    const unsettled = this.updates.slice(this.settled);
    if (unsettled.length === 0) return null;
    const saved = this.updates.slice(0, this.settled);
    const undoing = undoingUpdate([...this.savedLog, ...saved], mergeAll(unsettled));
    apply(undoing);
    this.settled = this.updates.length;
    const senders = [...this.senders];
    this.senders.clear();
    return { undoing, senders };
  }

  /** Folds the update log into one snapshot once it holds `threshold` entries; only a room holding nothing unsaved. */
  compactIfDue(threshold = COMPACT_AFTER_UPDATES): boolean {
    // With nothing unsaved, the room's memory is exactly the store's log.
    if (!this.room.flush()) return false;
    try {
      const { count, maxSeq } = this.store.updateLogLength(this.docId);
      if (count < threshold) return false;
      // Everything up to maxSeq is in memory (every logged update was applied first), so the
      // in-memory state is a complete snapshot of the log up to that point.
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      this.store.compact(this.docId, snapshot, maxSeq);
      this.savedLog = [snapshot];
      this.log.debug({ folded: count }, 'compacted update log');
      return true;
    } catch (error) {
      // The log still holds everything; the next compaction will try again.
      this.log.warn({ err: error }, 'compaction failed');
      this.metrics?.saveFailed(this.docId);
      return false;
    }
  }

  /** Stops retrying and compacting (the room is closing); a last write still works. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearInterval(this.retryTimer);
  }

  /** Runs a write to the store; on failure the room undoes the unsaved changes and false is returned. Never throws. */
  private persist(write: () => void): boolean {
    const started = performance.now();
    try {
      write();
    } catch (error) {
      // Nothing to undo or retry: the clients keep their changes and take them to the new owner.
      if (error instanceof RoomFencedOut) this.room.fencedOut();
      else this.failed(error);
      return false;
    }
    this.metrics?.observePersist((performance.now() - started) / 1000);
    this.settled = 0;
    this.senders.clear();
    if (this.savingFailure !== null) this.recovered();
    return true;
  }

  private failed(error: unknown): void {
    this.room.writeFailed();
    this.metrics?.saveFailed(this.docId);
    if (this.savingFailure !== null) return;
    this.savingFailure = new SaveFailure(error);
    this.log.error({ err: error }, 'saving failed: the room is read-only until a write succeeds');
    this.room.announce(this.savingFailure.notice());
    if (this.closed) return; // a closing room's last write: nothing left to retry for
    this.retryTimer = setInterval(() => this.retry(), SAVE_RETRY_MS);
    this.retryTimer.unref();
  }

  private recovered(): void {
    this.log.warn({ since: this.savingFailure?.since }, 'saving works again');
    this.savingFailure = null;
    if (this.retryTimer !== null) clearInterval(this.retryTimer);
    this.retryTimer = null;
    this.metrics?.saveRecovered(this.docId);
    this.room.announce(SAVING_WORKS_NOTICE);
  }

  private retry(): void {
    if (this.closed) return;
    if (this.updates.length > 0) this.room.flush();
    else this.persist(() => this.store.probeWrite());
  }

  /** Folds the log a moment after a write, off the hot path. */
  private scheduleCompaction(): void {
    if (this.compactScheduled) return;
    this.compactScheduled = true;
    setTimeout(() => {
      this.compactScheduled = false;
      if (this.closed) return;
      this.compactIfDue();
    }, 1_000).unref();
  }
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}
