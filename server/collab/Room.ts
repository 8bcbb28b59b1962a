/**
 * One open document: its Y.Doc, the connections present and their presence. Every change
 * leaves the room by one path, the document's own `update` event: collected per event-loop
 * turn, written to the store (DocumentSaver.ts), then broadcast as one frame (style of the
 * y-websocket server). Client changes arrive through the pipeline (UpdateBatch.ts,
 * updatePipeline.ts); the server's own through serverAction alone.
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
import { CloseCode, type ServerNotice } from '../../shared/protocol.js';
import type { Store } from '../store/Store.js';
import { SAVE_FAILED_REFUSAL, unavailableError } from './SaveFailure.js';
import { DocumentSaver, type Written } from './DocumentSaver.js';
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
import { EditLog } from './EditLog.js';
import { ClientAuthors } from './ClientAuthors.js';
import { EditRecords } from './EditRecords.js';
import { ClientOwners } from './ClientOwners.js';
import { UpdateBatch } from './UpdateBatch.js';
import { applyTurn } from './updatePipeline.js';
import { DEFAULT_EDIT_MODE, type EditMode } from '../../shared/editMode.js';
import { receivesPresence, receivesRoomNotice } from '../auth/inviteScope.js';

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly fragment: Y.XmlFragment;
  readonly awareness: awarenessProtocol.Awareness;
  readonly policy: LockPolicy;
  readonly rules: DocumentRules;
  /** Who each Yjs and awareness client id belongs to (R3). */
  readonly clientOwners = new ClientOwners();
  /** Who wrote under each client id, kept in the store for authorship (U1). */
  readonly authors: ClientAuthors;
  /** When people wrote, and who edited which paragraph when (U2, U3). */
  readonly edits: EditLog;
  /** Open, or pen-holder: then the pipeline takes the typing of those who only suggest as refused (E1). */
  private mode: EditMode = DEFAULT_EDIT_MODE;
  private readonly present = new Set<Connection>();
  /** Presence colours and namesake numbers of the people here. */
  private readonly seats = new PresenceSeats();
  /** Client updates received this turn, applied by the pipeline when it ends (updatePipeline.ts, applyTurn). */
  readonly incoming = new UpdateBatch((batches) => applyTurn(this, batches));

  /** The updates not yet in the store, and what happens when the store refuses them. */
  private readonly saver: DocumentSaver;
  /** Room events held back until the server action that made them is saved (serverAction). */
  private heldAnnouncements: ServerNotice[] | null = null;
  private readonly blockNumbers: BlockNumbers;
  /** The whole document as a sync step 2, for newcomers; dropped on every change. */
  private newcomerFrame: Uint8Array | null = null;
  private readonly presence: PresenceOutbox;
  private flushScheduled = false;
  private destroyed = false;

  constructor(
    readonly docId: string,
    readonly title: string,
    store: Store,
    readonly log: FastifyBaseLogger,
    private readonly metrics?: RoomMetrics,
    /** The store refused a write because another server owns the room now (K5); the registry drops it. */
    private readonly movedAway: (docId: string) => void = () => {},
    /** Where the records of who wrote what go (the server's, shared by its rooms). */
    records: EditRecords = new EditRecords(store, log),
  ) {
    this.fragment = this.doc.getXmlFragment(TEXT_FIELD);
    this.authors = new ClientAuthors(docId, records);
    this.edits = new EditLog(docId, records);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.policy = new LockPolicy(this.fragment);
    this.saver = new DocumentSaver(
      docId,
      this.doc,
      store,
      {
        flush: () => this.flush(),
        writeFailed: () => this.undoUnsaved(),
        announce: (notice) => this.announce(notice),
        // After the write that found out has returned: the room is dropped outside its own flush.
        fencedOut: () => queueMicrotask(() => this.movedAway(this.docId)),
      },
      log,
      metrics,
    );
    this.blockNumbers = new BlockNumbers(this.fragment);
    this.rules = new DocumentRules(this.fragment, (problem, blockId) =>
      this.log.debug({ blockId, problem: problem.detail }, `block breaks a rule: ${problem.reason}`),
    );

    const stored = store.loadDocumentUpdates(docId);
    this.doc.transact(() => {
      for (const update of stored) Y.applyUpdate(this.doc, update, STORAGE_ORIGIN);
    }, STORAGE_ORIGIN);
    this.saver.loaded(stored);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.newcomerFrame = null;
      if (origin === STORAGE_ORIGIN) return;
      this.saver.add(update, this.present.has(origin as Connection) ? (origin as Connection) : null);
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

  get editMode(): EditMode {
    return this.mode;
  }

  /** The room's edit mode as its settings say (loaded with the room, changed by the adviser); in force for the next update applied. */
  setEditMode(mode: EditMode): void {
    this.mode = mode;
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
    const failure = this.saver.failure;
    if (failure !== null) this.sendNotice(connection, failure.notice());
  }

  /** Removes a connection; what it sent in its last turn still lands, as if it had stayed a moment longer. */
  leave(connection: Connection): void {
    if (this.destroyed) return;
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
   * Never throws: false when the write failed (the changes are then undone, see undoUnsaved).
   */
  flush(): boolean {
    this.flushScheduled = false;
    const { saved, update } = this.saver.write();
    const frames = update === null ? [] : [syncUpdateFrame(update)];
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
  serverAction<T = undefined>(change: (() => void) | null, records?: () => T): T {
    if (this.saver.failure !== null || !this.flush()) throw unavailableError(this.saver.failure);
    if (change !== null) {
      this.authors.noteServer(this.doc.clientID);
      this.writeAsServer((transaction) => {
        change();
        const touched = findTouchedBlocks(transaction, this.fragment);
        this.policy.noteServerChange(transaction, touched);
        this.rules.noteServerChange(touched);
      });
    }
    const held: ServerNotice[] = [];
    this.heldAnnouncements = held;
    let written: Written<T>;
    try {
      written = this.saver.write(records);
    } finally {
      this.heldAnnouncements = null;
    }
    if (!written.saved) throw unavailableError(this.saver.failure);
    if (written.update !== null) this.broadcast([syncUpdateFrame(written.update)]);
    for (const notice of held) this.announce(notice);
    return written.result as T;
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

  /** Since when and why this room cannot save, or null while it can. */
  get savingProblem(): { since: string; reason: string } | null {
    return this.saver.failure;
  }

  /**
   * After a write failed (F1; DocumentSaver asks): the unsaved changes not undone yet are
   * undone in memory, and each sender gets the undoing update and a notice.
   */
  private undoUnsaved(): void {
    const undone = this.saver.undoUnsaved((undoing) => this.writeAsServer(() => Y.applyUpdate(this.doc, undoing, SERVER_ORIGIN)));
    if (undone === null) return;
    // The undoing bypassed the block indexes; read them again from the text as it now stands.
    this.writeAsServer(() => this.policy.reindex());
    this.rules.indexDocument();
    this.blockNumbers.forget();
    const frame = syncUpdateFrame(undone.undoing);
    for (const connection of undone.senders) {
      connection.send(frame);
      this.sendNotice(connection, SAVE_FAILED_REFUSAL);
      this.metrics?.refused(SAVE_FAILED_REFUSAL.reason);
    }
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

  /** Folds the update log into one snapshot when it holds `threshold` entries and nothing is unsaved. */
  compactIfDue(threshold?: number): boolean {
    return this.saver.compactIfDue(threshold);
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

  /**
   * Closes the room without saving (another server owns it now, K5): nothing it holds unsaved
   * could be written anyway. Each connection is closed with 1012; its client keeps what it
   * typed and hands it to the new owner when its provider reconnects.
   */
  abandon(reason: string): void {
    if (this.destroyed) return;
    this.presence.close();
    this.saver.close();
    for (const connection of [...this.present]) connection.close(CloseCode.serviceRestart, reason);
    this.present.clear();
    this.end();
  }

  /** Closes the room, saving what it can first (a stopping server saves every room this way). */
  destroy(): void {
    if (this.destroyed) return;
    this.presence.close();
    this.saver.close();
    if (!this.save()) this.log.error({ unsaved: this.saver.unsavedCount }, 'room closed with changes the store could not save');
    this.edits.flush();
    this.end();
  }

  /** The last step of destroy and abandon: nothing of the room is used after it. */
  private end(): void {
    this.destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }
}
