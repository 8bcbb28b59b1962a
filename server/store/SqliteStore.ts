/**
 * The store (Store.ts) in one SQLite file under DATA_DIR: the embedded default. better-sqlite3
 * is synchronous, as the contract asks.
 */
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { DATABASE_FILE, openDatabase } from './openDatabase.js';
import { PRIVATE_DIR_MODE } from './dataDir.js';
import { DEFAULT_TEXT_LANGUAGE } from '../../shared/textLanguages.js';
import type { EditMode } from '../../shared/editMode.js';
import type { Store } from './Store.js';
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

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly db: Database.Database;
  private readonly statements;

  /** Opens (or creates) the database in `dataDir`; throws StartupRefusal when it cannot be served (openDatabase.ts). */
  constructor(dataDir: string, fileName = DATABASE_FILE) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    this.db = openDatabase(dataDir, fileName);
    const db = this.db;
    this.statements = {
      insertDocument: db.prepare('INSERT INTO documents (id, title, created_at, language, time_zone) VALUES (?, ?, ?, ?, ?)'),
      getDocument: db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`),
      updateDocumentSettings: db.prepare(
        `UPDATE documents SET language = COALESCE(@language, language), time_zone = COALESCE(@timeZone, time_zone),
           edit_mode = COALESCE(@editMode, edit_mode) WHERE id = @id`,
      ),
      appendUpdate: db.prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
      loadSnapshot: db.prepare('SELECT data, upto_seq AS uptoSeq FROM snapshots WHERE doc_id = ?'),
      snapshotSeq: db.prepare('SELECT upto_seq AS uptoSeq FROM snapshots WHERE doc_id = ?'),
      loadUpdates: db.prepare('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq'),
      countUpdates: db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS maxSeq FROM updates WHERE doc_id = ?'),
      putSnapshot: db.prepare(
        'INSERT INTO snapshots (doc_id, data, upto_seq) VALUES (?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
      insertInvite: db.prepare(
        `INSERT INTO invites (id, doc_id, role, name, delegation, expires_at, created_at, scope)
         VALUES (@id, @docId, @role, @name, @delegation, @expiresAt, @createdAt, @scope)`,
      ),
      getInvite: db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = ?`),
      revokedInvites: db.prepare(
        `SELECT given.value AS id FROM json_each(?) AS given
         WHERE NOT EXISTS (SELECT 1 FROM invites WHERE invites.id = given.value AND revoked_at IS NULL)`,
      ),
      listInvites: db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE doc_id = ? ORDER BY created_at`),
      revokeInvite: db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      markInviteUsed: db.prepare(
        'UPDATE invites SET first_used_at = COALESCE(first_used_at, @at), last_used_at = @at, uses = uses + 1 WHERE id = @id',
      ),
      insertClientAuthor: db.prepare(
        `INSERT OR IGNORE INTO client_authors (doc_id, client_id, invite_id, name, delegation, first_at)
         VALUES (@docId, @clientId, @inviteId, @name, @delegation, @firstAt)`,
      ),
      insertClockTime: db.prepare('INSERT OR IGNORE INTO clock_times (doc_id, client_id, clock, at) VALUES (?, ?, ?, ?)'),
      listClockTimes: db.prepare(
        'SELECT client_id AS clientId, clock, at FROM clock_times WHERE doc_id = ? AND at >= ? ORDER BY client_id, clock',
      ),
      insertEditStretch: db.prepare(
        `INSERT INTO edit_stretches (doc_id, block_id, invite_id, name, delegation, first_at, last_at, changes)
         VALUES (@docId, @blockId, @inviteId, @name, @delegation, @firstAt, @lastAt, @changes)`,
      ),
      extendEditStretch: db.prepare('UPDATE edit_stretches SET last_at = ?, changes = changes + ? WHERE id = ?'),
      listEditStretches: db.prepare(
        `SELECT id, doc_id AS docId, block_id AS blockId, invite_id AS inviteId, name, delegation, first_at AS firstAt,
           last_at AS lastAt, changes FROM edit_stretches WHERE doc_id = ? ORDER BY id DESC LIMIT ?`,
      ),
      listClientAuthors: db.prepare(
        `SELECT doc_id AS docId, client_id AS clientId, invite_id AS inviteId, name, delegation, first_at AS firstAt
         FROM client_authors WHERE doc_id = ?`,
      ),
      insertLockEvent: db.prepare(
        'INSERT INTO lock_events (doc_id, block_id, action, by_name, by_delegation, at, text, reason) VALUES (@docId, @blockId, @action, @byName, @byDelegation, @at, @text, @reason)',
      ),
      listLockEvents: db.prepare(
        'SELECT id, doc_id AS docId, block_id AS blockId, action, by_name AS byName, by_delegation AS byDelegation, at, text, reason FROM lock_events WHERE doc_id = ? ORDER BY id',
      ),
      insertActivity: db.prepare(
        'INSERT INTO activity (doc_id, kind, by_name, at, block_id, detail) VALUES (@docId, @kind, @byName, @at, @blockId, @detail)',
      ),
      listActivity: db.prepare(
        'SELECT id, doc_id AS docId, kind, by_name AS byName, at, block_id AS blockId, detail FROM activity WHERE doc_id = ? ORDER BY id',
      ),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      ping: db.prepare('SELECT 1'),
      putSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  // ── documents ─────────────────────────────────────────────────────────────
  createDocument(doc: NewDocumentRecord): void {
    this.statements.insertDocument.run(doc.id, doc.title, doc.createdAt, doc.language ?? DEFAULT_TEXT_LANGUAGE, doc.timeZone ?? null);
  }
  /** Sets the room's language, time zone and edit mode; a value left undefined stays as it is. */
  updateDocumentSettings(id: string, change: { language?: string; timeZone?: string; editMode?: EditMode }): void {
    this.statements.updateDocumentSettings.run({
      id,
      language: change.language ?? null,
      timeZone: change.timeZone ?? null,
      editMode: change.editMode ?? null,
    });
  }
  getDocument(id: string): DocumentRecord | null {
    return (this.statements.getDocument.get(id) as DocumentRecord | undefined) ?? null;
  }

  // ── update log ────────────────────────────────────────────────────────────
  /** Appends one (merged) Yjs update. Returns once SQLite has committed it. */
  appendUpdate(docId: string, update: Uint8Array): void {
    this.statements.appendUpdate.run(docId, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
  }
  /** The snapshot (if any) followed by every update logged after it, oldest first. */
  loadDocumentUpdates(docId: string): Uint8Array[] {
    const snapshot = this.statements.loadSnapshot.get(docId) as { data: Buffer; uptoSeq: number } | undefined;
    const rows = this.statements.loadUpdates.all(docId) as { seq: number; data: Buffer }[];
    const updates: Uint8Array[] = snapshot ? [snapshot.data] : [];
    for (const row of rows) if (!snapshot || row.seq > snapshot.uptoSeq) updates.push(row.data);
    return updates;
  }
  /** Number of logged updates not yet folded into the snapshot, and the newest sequence number. */
  updateLogLength(docId: string): { count: number; maxSeq: number } {
    const row = this.statements.countUpdates.get(docId) as { n: number; maxSeq: number | null };
    return { count: row.n, maxSeq: row.maxSeq ?? 0 };
  }
  /** Runs `work` in one SQLite transaction: every write in it stands, or none (F2). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
  /** A real committed write, to find out whether writing works again. */
  probeWrite(): void {
    this.statements.putSetting.run('write-probe', new Date().toISOString());
  }
  /**
   * Replaces the log up to `uptoSeq` by `snapshot`, atomically: a process killed halfway
   * leaves the log as it was (D6). A snapshot never replaces a newer one: folding backwards
   * would drop what the newer one holds of the updates it had folded.
   */
  compact(docId: string, snapshot: Uint8Array, uptoSeq: number): void {
    this.db.transaction(() => {
      const current = this.statements.snapshotSeq.get(docId) as { uptoSeq: number } | undefined;
      if (current !== undefined && current.uptoSeq > uptoSeq) return;
      this.statements.putSnapshot.run(docId, Buffer.from(snapshot), uptoSeq);
      this.statements.deleteUpdatesUpTo.run(docId, uptoSeq);
    })();
  }

  // ── invites ───────────────────────────────────────────────────────────────
  createInvite(invite: Omit<InviteRecord, 'revokedAt' | 'firstUsedAt' | 'lastUsedAt' | 'uses'>): void {
    this.statements.insertInvite.run({ ...invite, scope: invite.scope === 'projector' ? 'projector' : null });
  }
  getInvite(id: string): InviteRecord | null {
    return (this.statements.getInvite.get(id) as InviteRecord | undefined) ?? null;
  }
  listInvites(docId: string): InviteRecord[] {
    return this.statements.listInvites.all(docId) as InviteRecord[];
  }
  revokedInvites(ids: string[]): string[] {
    if (ids.length === 0) return [];
    return (this.statements.revokedInvites.all(JSON.stringify(ids)) as Array<{ id: string }>).map((row) => row.id);
  }
  /** Marks an invite revoked; false when it was already revoked. */
  revokeInvite(id: string, at: string): boolean {
    return this.statements.revokeInvite.run(at, id).changes > 0;
  }
  markInviteUsed(id: string, at: string): void {
    this.statements.markInviteUsed.run({ id, at });
  }

  // ── authorship (U1) ───────────────────────────────────────────────────────
  recordClientAuthors(authors: ClientAuthorRecord[]): void {
    this.transaction(() => {
      for (const author of authors) this.statements.insertClientAuthor.run(author);
    });
  }
  listClientAuthors(docId: string): ClientAuthorRecord[] {
    return this.statements.listClientAuthors.all(docId) as ClientAuthorRecord[];
  }
  recordClockTimes(times: RoomClockTimeRecord[]): void {
    this.transaction(() => {
      for (const time of times) this.statements.insertClockTime.run(time.docId, time.clientId, time.clock, time.at);
    });
  }
  listClockTimes(docId: string, from = ''): ClockTimeRecord[] {
    return this.statements.listClockTimes.all(docId, from) as ClockTimeRecord[];
  }
  insertEditStretches(stretches: Array<Omit<EditStretchRecord, 'id'>>): number[] {
    return this.transaction(() => stretches.map((stretch) => Number(this.statements.insertEditStretch.run(stretch).lastInsertRowid)));
  }
  extendEditStretches(extensions: EditStretchExtension[]): void {
    this.transaction(() => {
      for (const { id, lastAt, changes } of extensions) this.statements.extendEditStretch.run(lastAt, changes, id);
    });
  }
  /** The room's latest stretches of editing, newest first, at most `limit`. */
  listEditStretches(docId: string, limit: number): EditStretchRecord[] {
    return this.statements.listEditStretches.all(docId, limit) as EditStretchRecord[];
  }

  // ── lock audit and room activity ─────────────────────────────────────────
  appendLockEvent(event: Omit<LockEventRecord, 'id'>): void {
    this.statements.insertLockEvent.run(event);
  }
  listLockEvents(docId: string): LockEventRecord[] {
    return this.statements.listLockEvents.all(docId) as LockEventRecord[];
  }
  appendActivity(record: Omit<ActivityRecord, 'id'>): void {
    this.statements.insertActivity.run(record);
  }
  listActivity(docId: string): ActivityRecord[] {
    return this.statements.listActivity.all(docId) as ActivityRecord[];
  }

  // ── settings (secrets, one-time flags) ───────────────────────────────────
  getSetting(key: string): string | null {
    return (this.statements.getSetting.get(key) as { value: string } | undefined)?.value ?? null;
  }
  putSetting(key: string, value: string): void {
    this.statements.putSetting.run(key, value);
  }

  /** Answers, or throws when the database cannot be read. */
  ping(): void {
    this.statements.ping.get();
  }

  close(): void {
    this.db.close();
  }
}

const DOCUMENT_COLUMNS = 'id, title, created_at AS createdAt, language, time_zone AS timeZone, edit_mode AS editMode';

const INVITE_COLUMNS = `id, doc_id AS docId, role, name, delegation, expires_at AS expiresAt, created_at AS createdAt,
  revoked_at AS revokedAt, first_used_at AS firstUsedAt, last_used_at AS lastUsedAt, uses, COALESCE(scope, 'room') AS scope`;
