/**
 * One open document: its Y.Doc, its connections and their presence. Every change leaves
 * the room by one path, the document's own `update` event: collected per event-loop turn,
 * written to the store, then broadcast as one frame (style of the y-websocket server).
 *
 * A write the store refuses (a full disk, a read-only file) never takes the process down
 * (PROTOCOL.md F1): the unsaved changes are undone in memory (unsavedChanges.ts), their
 * senders get the way back and a notice, and the room stays read-only, saying so, until a
 * write succeeds again (it retries by itself).
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { FastifyBaseLogger } from 'fastify';
import { TEXT_FIELD, type BlockSummary } from '../../shared/blocks.js';
import type { ServerNotice } from '../../shared/protocol.js';
import type { SqliteStore } from '../store/SqliteStore.js';
import { COMPACT_AFTER_UPDATES, SAVE_RETRY_MS } from '../../shared/limits.js';
import { ErrorCode } from '../../shared/protocol.js';
import { undoingUpdate } from './unsavedChanges.js';
import { SAVING_WORKS_NOTICE, SaveFailure, unavailableError } from './SaveFailure.js';
import { LockPolicy } from './lockPolicy.js';
import { DocumentRules } from './documentRules.js';
import { SERVER_ORIGIN, STORAGE_ORIGIN } from './origins.js';
import { blockSummaries } from './blockSummaries.js';
import { BlockNumbers } from './BlockNumbers.js';
import { findTouchedBlocks } from './touchedBlocks.js';
import type { Connection } from './Connection.js';
import type { RoomMetrics } from './RoomMetrics.js';
import { awarenessFrame, noticeFrame, syncStep1Frame, syncStep2Frame, syncUpdateFrame } from './frames.js';
import { PresenceSeats } from './presenceSeats.js';
import { PresenceOutbox } from './PresenceOutbox.js';
import { ClientOwners } from './ClientOwners.js';
import { UpdateBatch } from './UpdateBatch.js';
import { applyTurn } from './updatePipeline.js';
import { receivesPresence, receivesRoomNotice } from '../auth/inviteScope.js';

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly fragment: Y.XmlFragment;
  readonly awareness: awarenessProtocol.Awareness;
  readonly policy: LockPolicy;
  readonly rules: DocumentRules;
  /** Who each Yjs and awareness client id belongs to (R3). */
  readonly clientOwners = new ClientOwners();
  private readonly present = new Set<Connection>();
  /** Presence colours and namesake numbers of the people here. */
  private readonly seats = new PresenceSeats();
  /** Client updates received this turn, applied by the pipeline when it ends (updatePipeline.ts, applyTurn). */
  readonly incoming = new UpdateBatch((batches) => applyTurn(this, batches));

  /** Updates applied here and not yet in the store, oldest first; flush writes them together. */
  private pendingUpdates: Uint8Array[] = [];
  /** While the store refuses this room's writes: since when and why. */
  private savingFailure: SaveFailure | null = null;
  /** How many pending updates are settled: each change that failed to save is followed there by its undoing. */
  private settledUpdates = 0;
  /** Connections whose changes are among the pending updates not yet settled. */
  private readonly changedBy = new Set<Connection>();
  private retryTimer: NodeJS.Timeout | null = null;
  /** Room events held back until the server action that made them is saved (serverAction). */
  private heldAnnouncements: ServerNotice[] | null = null;
  private readonly blockNumbers: BlockNumbers;
  /** The whole document as a sync step 2, for newcomers; dropped on every change. */
  private newcomerFrame: Uint8Array | null = null;
  private readonly presence: PresenceOutbox;
  private flushScheduled = false;
  private compactScheduled = false;
  private destroyed = false;

  constructor(
    readonly docId: string,
    readonly title: string,
    private readonly store: SqliteStore,
    readonly log: FastifyBaseLogger,
    private readonly metrics?: RoomMetrics,
  ) {
    this.fragment = this.doc.getXmlFragment(TEXT_FIELD);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.policy = new LockPolicy(this.fragment);
    this.blockNumbers = new BlockNumbers(this.fragment);
    this.rules = new DocumentRules(this.fragment, (problem, blockId) =>
      this.log.debug({ blockId, problem: problem.detail }, `block breaks a rule: ${problem.reason}`),
    );

    this.doc.transact(() => {
      for (const update of store.loadDocumentUpdates(docId)) Y.applyUpdate(this.doc, update, STORAGE_ORIGIN);
    }, STORAGE_ORIGIN);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.newcomerFrame = null;
      if (origin === STORAGE_ORIGIN) return;
      this.pendingUpdates.push(update);
      if (this.connections.has(origin as Connection)) this.changedBy.add(origin as Connection);
      this.scheduleFlush();
    });
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => this.blockNumbers.noteTransaction(transaction));
    this.presence = new PresenceOutbox(
      this.awareness,
      () => this.scheduleFlush(),
      () => this.flush(),
    );
    // Ids and lock indexes come from the stored text; blocks without a unique id get one now.
    this.writeAsServer(() => this.policy.indexDocument());
    this.rules.indexDocument();
    this.flush();
  }

  // ── membership ───────────────────────────────────────────────────────────

  /** Adds a connection and sends it the opening of the sync protocol and current presence. */
  join(connection: Connection): void {
    this.present.add(connection);
    this.seats.take(connection);
    connection.send(syncStep1Frame(this.doc));
    const states = this.awareness.getStates();
    if (receivesPresence(connection.session)) {
      if (states.size > 0) connection.send(awarenessFrame(this.awareness, [...states.keys()]));
    } else {
      this.presence.keepAlive(() => [...this.present].filter((member) => !receivesPresence(member.session)));
    }
    if (this.savingFailure !== null) this.sendNotice(connection, this.savingFailure.notice());
  }

  /** Removes a connection; what it sent in its last turn still lands, as if it had stayed a moment longer. */
  leave(connection: Connection): void {
    this.incoming.drain();
    if (!this.present.delete(connection)) return;
    this.seats.release(connection);
    const owned = [...connection.awarenessClients].filter((id) => this.awareness.getStates().has(id));
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, connection);
  }

  /** The connections in the room now (join and leave change it). */
  get connections(): ReadonlySet<Connection> {
    return this.present;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  get isEmpty(): boolean {
    return this.connections.size === 0;
  }

  // ── the one way out: persist, then broadcast ─────────────────────────────

  private scheduleFlush(): void {
    if (this.flushScheduled || this.destroyed) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Writes pending document updates to the store, then broadcasts them, and presence when
   * its interval has passed. Called once per event-loop turn, and synchronously before
   * anything that must observe the persisted state (a sync reply, a lock call returning).
   * Never throws: false when the write failed (the changes are then undone, see saveFailed).
   */
  flush(): boolean {
    this.flushScheduled = false;
    const frames: Uint8Array[] = [];
    let saved = true;
    if (this.pendingUpdates.length > 0) {
      const merged = mergeAll(this.pendingUpdates);
      saved = this.persist(() => this.store.appendUpdate(this.docId, merged));
      if (saved) {
        this.pendingUpdates = [];
        frames.push(syncUpdateFrame(merged));
        this.scheduleCompaction();
      }
    }
    const presence = this.presence.take();
    if (frames.length > 0 || presence !== null) this.broadcast(frames, presence);
    return saved;
  }

  /**
   * The one way server code changes the document: a change of the server's own (a lock, a
   * status, an accepted amendment, a restored reading) made with the server as origin, the
   * block indexes kept current, and saved with the records that explain it (`records`: lock
   * events, decisions, revisions, activity) in one SQLite transaction, so neither stands
   * without the other (F2). Everything pending is saved first, so `records` also see the text
   * as saved (`change` null: records of the text as it stands, such as a reading). Room events
   * it announces go out once it is saved. Throws 503 when the room cannot save (nothing of it
   * stands).
   */
  serverAction<T = undefined>(change: (() => void) | null, records: () => T = () => undefined as T): T {
    if (this.savingFailure !== null || !this.flush()) throw unavailableError(this.savingFailure);
    if (change !== null) {
      this.writeAsServer((transaction) => {
        change();
        const touched = findTouchedBlocks(transaction, this.fragment);
        this.policy.noteServerChange(transaction, touched);
        this.rules.noteServerChange(touched);
      });
    }
    const merged = this.pendingUpdates.length > 0 ? mergeAll(this.pendingUpdates) : null;
    const held: ServerNotice[] = [];
    this.heldAnnouncements = held;
    let result: T | undefined;
    let saved: boolean;
    try {
      saved = this.persist(() => {
        result = this.store.transaction(() => {
          if (merged !== null) this.store.appendUpdate(this.docId, merged);
          return records();
        });
      });
    } finally {
      this.heldAnnouncements = null;
    }
    if (!saved) throw unavailableError(this.savingFailure);
    if (merged !== null) {
      this.pendingUpdates = [];
      this.broadcast([syncUpdateFrame(merged)]);
      this.scheduleCompaction();
    }
    for (const notice of held) this.announce(notice);
    return result as T;
  }

  /**
   * Every write of the server's own goes through here (origin SERVER_ORIGIN): server actions,
   * and inside the room the ids given at load and the undoing of a change that was not saved.
   */
  private writeAsServer(change: (transaction: Y.Transaction) => void): void {
    this.doc.transact(change, SERVER_ORIGIN);
  }

  /**
   * Applies what the connections sent this turn, then persists and broadcasts everything
   * pending (a stopping server, D5; an unload). False when the store refused (F1).
   */
  save(): boolean {
    this.incoming.drain();
    return this.flush();
  }

  /** True while changes are applied here that the store does not hold yet (the room must not unload). */
  get hasUnsavedChanges(): boolean {
    return this.pendingUpdates.length > 0;
  }

  /** Since when and why this room cannot save, or null while it can. */
  get savingProblem(): { since: string; reason: string } | null {
    return this.savingFailure;
  }

  // ── when the store refuses a write ───────────────────────────────────────

  /** Runs a write to the store. On failure the unsaved changes are undone in memory and false returned; never throws. */
  private persist(write: () => void): boolean {
    const started = performance.now();
    try {
      write();
    } catch (error) {
      this.saveFailed(error);
      return false;
    }
    this.metrics?.observePersist((performance.now() - started) / 1000);
    this.settledUpdates = 0;
    this.changedBy.clear();
    if (this.savingFailure !== null) this.saveRecovered();
    return true;
  }

  private saveFailed(error: unknown): void {
    this.settleUnsaved();
    this.metrics?.saveFailed(this.docId);
    if (this.savingFailure !== null) return;
    this.savingFailure = new SaveFailure(error);
    this.log.error({ err: error }, 'saving failed: the room is read-only until a write succeeds');
    this.announce(this.savingFailure.notice());
    this.retryTimer = setInterval(() => this.retrySaving(), SAVE_RETRY_MS);
    this.retryTimer.unref();
  }

  private saveRecovered(): void {
    this.log.warn({ since: this.savingFailure?.since }, 'saving works again');
    this.savingFailure = null;
    if (this.retryTimer !== null) clearInterval(this.retryTimer);
    this.retryTimer = null;
    this.metrics?.saveRecovered(this.docId);
    this.announce(SAVING_WORKS_NOTICE);
  }

  private retrySaving(): void {
    if (this.destroyed) return;
    if (this.pendingUpdates.length > 0) this.flush();
    else this.persist(() => this.store.probeWrite());
  }

  /**
   * Undoes in memory the pending changes not undone yet (unsavedChanges.ts), keeps both
   * unsaved, and gives each sender the undoing update and a notice.
   */
  private settleUnsaved(): void {
    const unsettled = this.pendingUpdates.slice(this.settledUpdates);
    if (unsettled.length === 0) return;
    const settled = this.pendingUpdates.slice(0, this.settledUpdates);
    const undoing = undoingUpdate([...this.store.loadDocumentUpdates(this.docId), ...settled], mergeAll(unsettled));
    this.writeAsServer(() => Y.applyUpdate(this.doc, undoing, SERVER_ORIGIN));
    this.settledUpdates = this.pendingUpdates.length;
    // The undoing bypassed the block indexes; read them again from the text as it now stands.
    this.writeAsServer(() => this.policy.reindex());
    this.rules.indexDocument();
    this.blockNumbers.forget();
    const frame = syncUpdateFrame(undoing);
    for (const connection of this.changedBy) {
      connection.send(frame);
      this.sendNotice(connection, {
        type: 'refused',
        reason: ErrorCode.saveFailed,
        message:
          'Your last change could not be saved (the server cannot write), so it was undone: the text is back as it was saved. Keep your words elsewhere until saving works again.',
      });
      this.metrics?.refused(ErrorCode.saveFailed);
    }
    this.changedBy.clear();
  }

  /**
   * Hands the frames to every connection, each connection's in one write; `presence` (an
   * awareness frame) only to connections that are sent presence (not a projector, P6).
   */
  private broadcast(frames: Uint8Array[], presence: Uint8Array | null = null): void {
    const started = performance.now();
    const withPresence = presence === null ? frames : [...frames, presence];
    for (const connection of this.connections) {
      const own = receivesPresence(connection.session) ? withPresence : frames;
      if (own.length > 0) connection.sendAll(own);
    }
    this.metrics?.observeBroadcast((performance.now() - started) / 1000);
  }

  /**
   * The answer to a sync step 1 whose (valid) state vector is `stateVector`. A newcomer (empty
   * state vector) gets the whole document, encoded once and shared until the document
   * changes, so a room that 150 people join at once encodes it once, not 150 times.
   */
  syncReply(stateVector: Uint8Array): Uint8Array {
    const isNewcomer = stateVector.length === 1 && stateVector[0] === 0;
    if (isNewcomer && this.newcomerFrame !== null) return this.newcomerFrame;
    const frame = syncStep2Frame(this.doc, stateVector);
    if (isNewcomer) this.newcomerFrame = frame;
    return frame;
  }

  sendNotice(connection: Connection, notice: ServerNotice): void {
    connection.send(noticeFrame(notice));
  }

  /**
   * Sends a notice to everyone in the room (room events: locks, status, amendments), encoded
   * once; a projector only the notices its page shows (receivesRoomNotice, P6).
   */
  announce(notice: ServerNotice): void {
    if (this.heldAnnouncements !== null) {
      this.heldAnnouncements.push(notice);
      return;
    }
    if (this.connections.size === 0) return;
    const frame = noticeFrame(notice);
    for (const connection of this.connections) if (receivesRoomNotice(connection.session, notice)) connection.send(frame);
  }

  // ── compaction ───────────────────────────────────────────────────────────

  /** Folds the update log into one snapshot when it grows long, off the hot path. */
  private scheduleCompaction(): void {
    if (this.compactScheduled) return;
    this.compactScheduled = true;
    setTimeout(() => {
      this.compactScheduled = false;
      if (this.destroyed) return;
      this.compactIfDue();
    }, 1_000).unref();
  }

  compactIfDue(threshold = COMPACT_AFTER_UPDATES): boolean {
    // Only a room that holds nothing unsaved: its memory is then exactly the store's log.
    if (!this.flush()) return false;
    try {
      const { count, maxSeq } = this.store.updateLogLength(this.docId);
      if (count < threshold) return false;
      // Everything up to maxSeq is in memory (every logged update was applied first), so the
      // in-memory state is a complete snapshot of the log up to that point.
      this.store.compact(this.docId, Y.encodeStateAsUpdate(this.doc), maxSeq);
      this.log.debug({ folded: count }, 'compacted update log');
      return true;
    } catch (error) {
      // The log still holds everything; the next compaction will try again.
      this.log.warn({ err: error }, 'compaction failed');
      this.metrics?.saveFailed(this.docId);
      return false;
    }
  }

  // ── reading the text ─────────────────────────────────────────────────────

  /** Top-level blocks in document order, numbered and with the status the margin shows. */
  blocks(): BlockSummary[] {
    return blockSummaries(this.fragment);
  }

  /** The margin number of a block, or undefined (for notices; kept until the block list changes). */
  blockNumber(blockId: string): number | undefined {
    return this.blockNumbers.of(blockId);
  }

  metricsRefused(refusals: { reason: string }[]): void {
    for (const refusal of refusals) this.metrics?.refused(refusal.reason);
  }

  /**
   * Folds the update log into one snapshot and closes the room (D3); false, and the room stays
   * open with its unsaved changes, while the store refuses writes (F1).
   */
  unload(): boolean {
    this.compactIfDue(1);
    if (!this.save()) return false;
    this.destroy();
    return true;
  }

  /** Closes the room, saving what it can first (a stopping server saves every room this way). */
  destroy(): void {
    if (this.destroyed) return;
    this.presence.close();
    if (this.retryTimer !== null) clearInterval(this.retryTimer);
    if (!this.save()) this.log.error({ unsaved: this.pendingUpdates.length }, 'room closed with changes the store could not save');
    this.destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}
