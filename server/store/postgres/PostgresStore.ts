/**
 * The store (../Store.ts) in PostgreSQL, when DATABASE_URL names one: the same facts as
 * SqliteStore, in the same shapes, through a synchronous connection (SyncPostgres). Opening it
 * brings the schema up to date (postgresSchema.ts) and takes the database for this server: a
 * second server on the same database is refused, as a second one on the same DATA_DIR is
 * (PROTOCOL.md F6, K2). Among several servers (REDIS_URL, K5) the database is shared instead,
 * and every write to a room's text is fenced by its owner's token (claimRoom).
 */
import { DEFAULT_TEXT_LANGUAGE } from '../../../shared/textLanguages.js';
import type { EditMode } from '../../../shared/editMode.js';
import type { Store } from '../Store.js';
import { RoomFencedOut } from '../storeErrors.js';
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
} from '../records.js';
import { SERVER_LOCK, migratePostgres } from './postgresSchema.js';
import { SyncPostgres } from './SyncPostgres.js';
import { databaseUnavailable } from './postgresRefusal.js';

const DOCUMENT_COLUMNS = 'id, title, created_at AS "createdAt", language, time_zone AS "timeZone", edit_mode AS "editMode"';
const INVITE_COLUMNS = `id, doc_id AS "docId", role, name, delegation, expires_at AS "expiresAt", created_at AS "createdAt",
  revoked_at AS "revokedAt", first_used_at AS "firstUsedAt", last_used_at AS "lastUsedAt", uses, COALESCE(scope, 'room') AS scope`;

/** The store on the database at `url`, or a one-line StartupRefusal saying why it cannot be used (F5). */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): PostgresStore {
  try {
    return new PostgresStore(url, options);
  } catch (error) {
    throw databaseUnavailable(url, error);
  }
}

export interface PostgresStoreOptions {
  /**
   * One of several servers on the database (REDIS_URL set, K5): the database is not taken for
   * this server alone, and every write to a room's text must carry the fencing token of the
   * room's claim (claimRoom); a write without one, or with one a later claim replaced, is
   * refused with RoomFencedOut.
   */
  fenced?: boolean;
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  readonly db: SyncPostgres;
  private readonly fenced: boolean;
  /** The fencing token of each room this server has claimed (fenced mode). */
  private readonly fences = new Map<string, number>();

  /** Connects, takes the database for this server (unless fenced) and migrates; throws when any of it fails. */
  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.fenced = options.fenced ?? false;
    this.db = new SyncPostgres(url, { sessionLock: this.fenced ? null : SERVER_LOCK });
    try {
      migratePostgres(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private one<Row>(sql: string, params: unknown[]): Row | null {
    return (this.db.query<Row>(sql, params).rows[0] as Row | undefined) ?? null;
  }

  private all<Row>(sql: string, params: unknown[]): Row[] {
    return this.db.query<Row>(sql, params).rows;
  }

  private run(sql: string, params: unknown[]): number {
    return this.db.query(sql, params).rowCount;
  }

  // ── documents ─────────────────────────────────────────────────────────────
  createDocument(doc: NewDocumentRecord): void {
    this.run('INSERT INTO documents (id, title, created_at, language, time_zone) VALUES ($1, $2, $3, $4, $5)', [
      doc.id,
      doc.title,
      doc.createdAt,
      doc.language ?? DEFAULT_TEXT_LANGUAGE,
      doc.timeZone ?? null,
    ]);
  }
  updateDocumentSettings(id: string, change: { language?: string; timeZone?: string; editMode?: EditMode }): void {
    this.run(
      `UPDATE documents SET language = COALESCE($2, language), time_zone = COALESCE($3, time_zone),
         edit_mode = COALESCE($4, edit_mode) WHERE id = $1`,
      [id, change.language ?? null, change.timeZone ?? null, change.editMode ?? null],
    );
  }
  getDocument(id: string): DocumentRecord | null {
    return this.one<DocumentRecord>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]);
  }

  // ── update log ────────────────────────────────────────────────────────────
  appendUpdate(docId: string, update: Uint8Array): void {
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    if (!this.fenced) {
      this.run('INSERT INTO updates (doc_id, data) VALUES ($1, $2)', [docId, data]);
      return;
    }
    // One statement: the fence row is share-locked while the insert commits, so a claim by
    // another server either waits for this write (and then loads it) or has already refused it.
    const written = this.run(
      `WITH owner AS (SELECT fence FROM room_fences WHERE doc_id = $1 FOR SHARE)
       INSERT INTO updates (doc_id, data) SELECT $1, $2 WHERE COALESCE((SELECT fence FROM owner), 0) = $3`,
      [docId, data, this.fenceOf(docId)],
    );
    if (written === 0) throw new RoomFencedOut(docId);
  }
  loadDocumentUpdates(docId: string): Uint8Array[] {
    return this.db.transaction(() => {
      const snapshot = this.one<{ data: Uint8Array; uptoSeq: number }>(
        'SELECT data, upto_seq AS "uptoSeq" FROM snapshots WHERE doc_id = $1',
        [docId],
      );
      const rows = this.all<{ data: Uint8Array }>('SELECT data FROM updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq', [
        docId,
        snapshot?.uptoSeq ?? 0,
      ]);
      return [...(snapshot ? [snapshot.data] : []), ...rows.map((row) => row.data)].map((data) => new Uint8Array(data));
    });
  }
  updateLogLength(docId: string): { count: number; maxSeq: number } {
    const row = this.one<{ n: number; maxSeq: number | null }>(
      'SELECT COUNT(*) AS n, MAX(seq) AS "maxSeq" FROM updates WHERE doc_id = $1',
      [docId],
    )!;
    return { count: row.n, maxSeq: row.maxSeq ?? 0 };
  }
  transaction<T>(work: () => T): T {
    return this.db.transaction(work);
  }
  probeWrite(): void {
    this.putSetting('write-probe', new Date().toISOString());
  }
  compact(docId: string, snapshot: Uint8Array, uptoSeq: number): void {
    this.db.transaction(() => {
      if (this.fenced) this.checkFence(docId);
      // The row lock keeps two compactions of one room from interleaving.
      const current = this.one<{ uptoSeq: number }>('SELECT upto_seq AS "uptoSeq" FROM snapshots WHERE doc_id = $1 FOR UPDATE', [docId]);
      if (current !== null && current.uptoSeq > uptoSeq) return;
      this.run(
        `INSERT INTO snapshots (doc_id, data, upto_seq) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
        [docId, Buffer.from(snapshot), uptoSeq],
      );
      this.run('DELETE FROM updates WHERE doc_id = $1 AND seq <= $2', [docId, uptoSeq]);
    });
  }

  // ── owners of rooms among several servers (fenced mode, K5) ───────────────
  /**
   * Makes this server the owner of the room in the database, with a fencing token above every
   * earlier owner's: from now on their writes to the room are refused. Call after taking the
   * room's lease and before loading it, so the load sees every write an earlier owner made.
   */
  claimRoom(docId: string): number {
    const row = this.one<{ fence: string }>(
      `INSERT INTO room_fences (doc_id, fence) VALUES ($1, 1)
       ON CONFLICT (doc_id) DO UPDATE SET fence = room_fences.fence + 1 RETURNING fence`,
      [docId],
    );
    const fence = Number(row!.fence);
    this.fences.set(docId, fence);
    return fence;
  }

  /** Forgets this server's claim on the room (it unloaded or lost it); its writes to the room are refused from now. */
  releaseRoom(docId: string): void {
    this.fences.delete(docId);
  }

  /** This server's token for the room; 0 for a room it has not claimed, which only a room nobody ever claimed (one being made) matches. */
  private fenceOf(docId: string): number {
    return this.fences.get(docId) ?? 0;
  }

  /** Inside a transaction: the room is still this server's, its fence row share-locked until the end. */
  private checkFence(docId: string): void {
    const row = this.one<{ fence: string }>('SELECT fence FROM room_fences WHERE doc_id = $1 FOR SHARE', [docId]);
    if (Number(row?.fence ?? 0) !== this.fenceOf(docId)) throw new RoomFencedOut(docId);
  }

  // ── invites ───────────────────────────────────────────────────────────────
  createInvite(invite: Omit<InviteRecord, 'revokedAt' | 'firstUsedAt' | 'lastUsedAt' | 'uses'>): void {
    this.run(
      `INSERT INTO invites (id, doc_id, role, name, delegation, expires_at, created_at, scope)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        invite.id,
        invite.docId,
        invite.role,
        invite.name,
        invite.delegation,
        invite.expiresAt,
        invite.createdAt,
        invite.scope === 'projector' ? 'projector' : null,
      ],
    );
  }
  getInvite(id: string): InviteRecord | null {
    return this.one<InviteRecord>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = $1`, [id]);
  }
  revokedInvites(ids: string[]): string[] {
    if (ids.length === 0) return [];
    return this.all<{ id: string }>(
      `SELECT given.id FROM unnest($1::text[]) AS given(id)
       WHERE NOT EXISTS (SELECT 1 FROM invites WHERE invites.id = given.id AND revoked_at IS NULL)`,
      [ids],
    ).map((row) => row.id);
  }
  listInvites(docId: string): InviteRecord[] {
    return this.all<InviteRecord>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE doc_id = $1 ORDER BY created_at`, [docId]);
  }
  revokeInvite(id: string, at: string): boolean {
    return this.run('UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]) > 0;
  }
  markInviteUsed(id: string, at: string): void {
    this.run('UPDATE invites SET first_used_at = COALESCE(first_used_at, $2), last_used_at = $2, uses = uses + 1 WHERE id = $1', [id, at]);
  }

  // ── authorship (U1) ───────────────────────────────────────────────────────
  recordClientAuthors(authors: ClientAuthorRecord[]): void {
    if (authors.length === 0) return;
    this.run(
      `INSERT INTO client_authors (doc_id, client_id, invite_id, name, delegation, first_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT DO NOTHING`,
      columns(authors, ['docId', 'clientId', 'inviteId', 'name', 'delegation', 'firstAt']),
    );
  }
  listClientAuthors(docId: string): ClientAuthorRecord[] {
    return this.all<ClientAuthorRecord>(
      `SELECT doc_id AS "docId", client_id AS "clientId", invite_id AS "inviteId", name, delegation, first_at AS "firstAt"
       FROM client_authors WHERE doc_id = $1`,
      [docId],
    );
  }
  recordClockTimes(times: RoomClockTimeRecord[]): void {
    if (times.length === 0) return;
    this.run(
      `INSERT INTO clock_times (doc_id, client_id, clock, at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING`,
      columns(times, ['docId', 'clientId', 'clock', 'at']),
    );
  }
  listClockTimes(docId: string, from = ''): ClockTimeRecord[] {
    return this.all<ClockTimeRecord>(
      'SELECT client_id AS "clientId", clock, at FROM clock_times WHERE doc_id = $1 AND at >= $2 ORDER BY client_id, clock',
      [docId, from],
    );
  }
  insertEditStretches(stretches: Array<Omit<EditStretchRecord, 'id'>>): number[] {
    if (stretches.length === 0) return [];
    // The ids are drawn first, one per stretch in the order given, so that each id can be
    // handed back to its stretch (the order of an INSERT's RETURNING rows is not promised).
    const rows = this.all<{ n: string; id: string }>(
      `WITH given AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
           WITH ORDINALITY AS g(doc_id, block_id, invite_id, name, delegation, first_at, last_at, changes, n)),
       ids AS MATERIALIZED (SELECT n, nextval(pg_get_serial_sequence('edit_stretches', 'id')) AS id FROM given),
       inserted AS (
         INSERT INTO edit_stretches (id, doc_id, block_id, invite_id, name, delegation, first_at, last_at, changes)
         SELECT ids.id, doc_id, block_id, invite_id, name, delegation, first_at, last_at, changes FROM given JOIN ids USING (n))
       SELECT n, id FROM ids ORDER BY n`,
      columns(stretches, ['docId', 'blockId', 'inviteId', 'name', 'delegation', 'firstAt', 'lastAt', 'changes']),
    );
    return rows.map((row) => Number(row.id));
  }
  extendEditStretches(extensions: EditStretchExtension[]): void {
    if (extensions.length === 0) return;
    this.run(
      `UPDATE edit_stretches SET last_at = given.last_at, changes = edit_stretches.changes + given.changes
       FROM unnest($1::bigint[], $2::text[], $3::int[]) AS given(id, last_at, changes) WHERE edit_stretches.id = given.id`,
      columns(extensions, ['id', 'lastAt', 'changes']),
    );
  }
  listEditStretches(docId: string, limit: number): EditStretchRecord[] {
    return this.all<EditStretchRecord>(
      `SELECT id, doc_id AS "docId", block_id AS "blockId", invite_id AS "inviteId", name, delegation, first_at AS "firstAt",
         last_at AS "lastAt", changes FROM edit_stretches WHERE doc_id = $1 ORDER BY id DESC LIMIT $2`,
      [docId, limit],
    );
  }

  // ── lock audit and room activity ─────────────────────────────────────────
  appendLockEvent(event: Omit<LockEventRecord, 'id'>): void {
    this.run(
      `INSERT INTO lock_events (doc_id, block_id, action, by_name, by_delegation, at, text, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [event.docId, event.blockId, event.action, event.byName, event.byDelegation, event.at, event.text, event.reason ?? null],
    );
  }
  listLockEvents(docId: string): LockEventRecord[] {
    return this.all<LockEventRecord>(
      `SELECT id, doc_id AS "docId", block_id AS "blockId", action, by_name AS "byName", by_delegation AS "byDelegation", at, text, reason
       FROM lock_events WHERE doc_id = $1 ORDER BY id`,
      [docId],
    );
  }
  appendActivity(record: Omit<ActivityRecord, 'id'>): void {
    this.run('INSERT INTO activity (doc_id, kind, by_name, at, block_id, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      record.docId,
      record.kind,
      record.byName,
      record.at,
      record.blockId ?? null,
      record.detail ?? null,
    ]);
  }
  listActivity(docId: string): ActivityRecord[] {
    return this.all<ActivityRecord>(
      `SELECT id, doc_id AS "docId", kind, by_name AS "byName", at, block_id AS "blockId", detail FROM activity WHERE doc_id = $1 ORDER BY id`,
      [docId],
    );
  }

  // ── settings (secrets, one-time flags) ───────────────────────────────────
  getSetting(key: string): string | null {
    return this.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])?.value ?? null;
  }
  putSetting(key: string, value: string): void {
    this.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  ping(): void {
    this.db.query('SELECT 1');
  }

  close(): void {
    this.db.close();
  }
}

/** Records as one array per field, in `fields`' order: the parameters of an `unnest` that writes them all in one statement. */
function columns<Row>(rows: Row[], fields: Array<keyof Row>): unknown[][] {
  return fields.map((field) => rows.map((row) => row[field]));
}
