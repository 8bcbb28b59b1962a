/**
 * The store's contract: every persistent fact of Draftroom, as the rest of the server reads and
 * writes it. Two engines keep it: SQLite in DATA_DIR (SqliteStore, SqliteWorkflowStore; the
 * embedded default) and PostgreSQL when DATABASE_URL is set (postgres/PostgresStore,
 * postgres/PostgresWorkflowStore). tests/integration/storeContract.test.ts runs one suite
 * against both.
 *
 * Synchronous on purpose, on both engines: the update pipeline writes an update before it
 * broadcasts it, in the same event-loop turn, with no await in between, and a server action
 * writes its records and its change to the text in one transaction (PROTOCOL.md D1, F2).
 * PostgreSQL is reached through a worker thread the main thread waits for
 * (postgres/SyncPostgres.ts).
 */
import type { EditMode } from '../../shared/editMode.js';
import type {
  AmendmentStatus,
  Cosponsor,
  Presenting,
  RevisionSummary,
  SilenceBreak,
  SilenceOutcome,
  SilenceProcedure,
} from '../../shared/workflow.js';
import type { AmendmentRecord, CommentRecord, StoredRevision } from '../workflow/records.js';
import type {
  ActivityRecord,
  ClientAuthorRecord,
  ClockTimeRecord,
  DocumentRecord,
  EditStretchExtension,
  EditStretchRecord,
  InviteRecord,
  LockEventRecord,
  NewDocumentRecord,
  RoomClockTimeRecord,
} from './records.js';

/** Rooms, their update logs, invites, authorship, the lock audit, activity and settings. */
export interface Store {
  /** Which engine keeps the data, for /healthz and the logs. */
  readonly engine: 'sqlite' | 'postgres';

  createDocument(doc: NewDocumentRecord): void;
  /** Sets the room's language, time zone and edit mode; a value left undefined stays as it is. */
  updateDocumentSettings(id: string, change: { language?: string; timeZone?: string; editMode?: EditMode }): void;
  getDocument(id: string): DocumentRecord | null;

  /** Appends one (merged) Yjs update. Returns once the engine has committed it. */
  appendUpdate(docId: string, update: Uint8Array): void;
  /** The snapshot (if any) followed by every update logged after it, oldest first. */
  loadDocumentUpdates(docId: string): Uint8Array[];
  /** Number of logged updates not yet folded into the snapshot, and the newest sequence number. */
  updateLogLength(docId: string): { count: number; maxSeq: number };
  /**
   * Replaces the log up to `uptoSeq` by `snapshot`, atomically (D6). A snapshot never replaces
   * a newer one: folding backwards would drop what the newer one holds.
   */
  compact(docId: string, snapshot: Uint8Array, uptoSeq: number): void;
  /** Runs `work` in one transaction: every write in it stands, or none (F2). Nests. */
  transaction<T>(work: () => T): T;
  /** A real committed write, to find out whether writing works again. */
  probeWrite(): void;
  /** Returns when the database answers a read; throws when it does not (/healthz). */
  ping(): void;

  createInvite(invite: Omit<InviteRecord, 'revokedAt' | 'firstUsedAt' | 'lastUsedAt' | 'uses'>): void;
  getInvite(id: string): InviteRecord | null;
  /** Of the invites `ids`, those revoked or unknown, in one read (the sessions' re-check, whatever their number). */
  revokedInvites(ids: string[]): string[];
  listInvites(docId: string): InviteRecord[];
  /** Marks an invite revoked; false when it was already revoked. */
  revokeInvite(id: string, at: string): boolean;
  markInviteUsed(id: string, at: string): void;

  // The records of who wrote what and when (U1–U3) are written in batches (EditRecords.ts):
  // each call below is one statement however many records it carries, and all of them stand or none.
  /** Records who writes under each client id in a room; for a room and client id, the first record stands. */
  recordClientAuthors(authors: ClientAuthorRecord[]): void;
  listClientAuthors(docId: string): ClientAuthorRecord[];
  /** Clock marks; one already kept for the same room, client id and clock stands. */
  recordClockTimes(times: RoomClockTimeRecord[]): void;
  /** The room's clock marks, or those made at or after `from` (an ISO time). */
  listClockTimes(docId: string, from?: string): ClockTimeRecord[];
  /** Starts stretches of editing; returns their ids, in the order given. */
  insertEditStretches(stretches: Array<Omit<EditStretchRecord, 'id'>>): number[];
  /** Each stretch's latest change and `changes` more of them. */
  extendEditStretches(extensions: EditStretchExtension[]): void;
  /** The room's latest stretches of editing, newest first, at most `limit`. */
  listEditStretches(docId: string, limit: number): EditStretchRecord[];

  appendLockEvent(event: Omit<LockEventRecord, 'id'>): void;
  listLockEvents(docId: string): LockEventRecord[];
  appendActivity(record: Omit<ActivityRecord, 'id'>): void;
  listActivity(docId: string): ActivityRecord[];

  getSetting(key: string): string | null;
  putSetting(key: string, value: string): void;

  close(): void;
}

/** A new amendment, as createAmendment stores it (pending, not yet decided). */
export interface NewAmendment
  extends Pick<AmendmentRecord, 'docId' | 'blockId' | 'kind' | 'text' | 'proposerName' | 'proposerDelegation' | 'createdAt' | 'baseText'> {
  mergedFrom?: number[] | null;
}

/** A new comment, as createComment stores it (open). */
export type NewComment = Omit<CommentRecord, 'id' | 'resolvedBy' | 'resolvedAt'>;

/** A new revision, as createRevision stores it; its number and label are given on storing. */
export interface NewRevision extends Omit<StoredRevision, 'n' | 'label'> {
  docId: string;
}

/** How a pending amendment is decided. */
export interface AmendmentDecision {
  status: Exclude<AmendmentStatus, 'pending'>;
  decidedBy: string;
  decidedAt: string;
  mergedInto?: number;
  textBefore?: string;
  /** Why (a rejection's reason, M9). */
  reason?: string | null;
}

/** A silence procedure as opened. Deadlines are ISO instants in UTC, so they sort as text. */
export interface NewSilence {
  docId: string;
  blockId: string | null;
  openedBy: string;
  openedAt: string;
  deadline: string;
}

/**
 * The chair's workflow: amendments and co-sponsors, comments, readings, the paragraph on the
 * projector and silence procedures. Kept by the same engine and database as Store, so a
 * workflow write and a text change share one transaction. Every lookup is scoped by document:
 * an id from another room is simply not found.
 */
export interface WorkflowStore {
  /** Stores a new pending amendment with its first co-sponsors; returns its id. */
  createAmendment(amendment: NewAmendment, cosponsors?: Cosponsor[]): number;
  getAmendment(docId: string, id: number): AmendmentRecord | null;
  listAmendments(docId: string): AmendmentRecord[];
  /** Pending amendments to one paragraph. */
  countPendingAmendments(docId: string, blockId: string): number;
  /** Adds a delegation as co-sponsor; false when it already is one. */
  addCosponsor(amendmentId: number, cosponsor: Cosponsor): boolean;
  /** Takes a delegation's co-sponsorship back; false when it was not a co-sponsor. */
  removeCosponsor(amendmentId: number, delegation: string): boolean;
  /** Moves a pending amendment to its final status; false when it was no longer pending. */
  decideAmendment(docId: string, id: number, decision: AmendmentDecision): boolean;
  /** Puts an accepted or rejected amendment back to pending (its decision undone, M10); false when it was neither. */
  reopenAmendment(docId: string, id: number): boolean;
  /** Creates the merged amendment and marks both sources merged into it, atomically. Returns the new id. */
  mergeAmendments(merged: NewAmendment, cosponsors: Cosponsor[], sources: number[], decidedBy: string): number;

  createComment(comment: NewComment): number;
  getComment(docId: string, id: number): CommentRecord | null;
  /** The room's comments, or one paragraph's, oldest first. */
  listComments(docId: string, blockId?: string): CommentRecord[];
  /** Comments on one paragraph, first comments and replies, resolved or not. */
  countComments(docId: string, blockId: string): number;
  /** Marks a comment resolved; false when it already was. */
  resolveComment(docId: string, id: number, resolvedBy: string, resolvedAt: string): boolean;

  /** Stores the next revision of the document (Rev.1, Rev.2 …); returns its number. */
  createRevision(revision: NewRevision): number;
  listRevisions(docId: string): RevisionSummary[];
  getRevision(docId: string, n: number): StoredRevision | null;
  latestRevision(docId: string): StoredRevision | null;

  setPresenting(docId: string, record: Presenting): void;
  getPresenting(docId: string): Presenting;

  /** Stores an open procedure; returns its id. */
  createSilence(procedure: NewSilence): number;
  getSilence(docId: string, id: number): SilenceProcedure | null;
  listSilences(docId: string): SilenceProcedure[];
  /** The open procedure on this paragraph (or, for null, on the whole text), if any. */
  openSilenceOn(docId: string, blockId: string | null): SilenceProcedure | null;
  /** Open procedures whose deadline is at or before `now` (ISO, UTC), in every room. */
  dueSilences(now: string): SilenceProcedure[];
  /** The earliest deadline of any open procedure, or null. */
  nextSilenceDeadline(): string | null;
  /** Records a delegation's break; false when that delegation had broken this silence already. */
  addSilenceBreak(procedureId: number, silenceBreak: SilenceBreak): boolean;
  /** Ends an open procedure with its outcome; false when it had ended already. */
  endSilence(id: number, outcome: Exclude<SilenceOutcome, 'open'>, endedAt: string): boolean;
}
