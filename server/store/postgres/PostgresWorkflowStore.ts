/**
 * The chair's workflow (Store.ts WorkflowStore) in PostgreSQL, used when DATABASE_URL is set.
 * It answers as SqliteWorkflowStore does, row for row (tests/integration/workflowStoreContract.test.ts),
 * and shares the connection of PostgresStore, so a workflow write and a text change share one
 * transaction.
 */
import type { Cosponsor, Presenting, RevisionSummary, SilenceBreak, SilenceOutcome, SilenceProcedure } from '../../../shared/workflow.js';
import type { AmendmentRecord, CommentRecord, StoredRevision } from '../../workflow/records.js';
import type { AmendmentDecision, NewAmendment, NewComment, NewRevision, NewSilence, WorkflowStore } from '../Store.js';
import { mergeAmendmentsIn } from '../mergeAmendments.js';
import {
  AMENDMENT_COLUMNS,
  type AmendmentRow,
  COMMENT_COLUMNS,
  type CommentRow,
  commentRecord,
  REVISION_SUMMARY_COLUMNS,
  type RevisionRow,
  revisionRecord,
  SILENCE_COLUMNS,
  type SilenceRow,
  toAmendment,
  withLabel,
} from '../workflowRows.js';
import type { SyncPostgres } from './SyncPostgres.js';

const STORED_REVISION_COLUMNS = `${REVISION_SUMMARY_COLUMNS}, state, blocks, content_hash AS "contentHash"`;
/** The largest value of an INTEGER column (a revision's number). */
const INTEGER_MAX = 2 ** 31 - 1;

/**
 * A number to look a row up by, or null (which matches no row). Ids and revision numbers reach
 * the store from URLs and records unchecked for size: SQLite finds no row for 1e20, 1.5 or NaN,
 * where PostgreSQL would fail the statement on them as integers.
 */
function key(value: number, max = Number.MAX_SAFE_INTEGER): number | null {
  return Number.isInteger(value) && Math.abs(value) <= max ? value : null;
}

export class PostgresWorkflowStore implements WorkflowStore {
  constructor(private readonly db: SyncPostgres) {}

  // ── amendments ────────────────────────────────────────────────────────────

  createAmendment(amendment: NewAmendment, cosponsors: Cosponsor[] = []): number {
    return this.db.transaction(() => {
      const { docId, blockId, kind, text, proposerName, proposerDelegation, createdAt, mergedFrom, baseText } = amendment;
      const { id } = this.one<{ id: number }>(
        `INSERT INTO amendments (doc_id, block_id, kind, text, proposer_name, proposer_delegation, created_at, merged_from, base_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [docId, blockId, kind, text, proposerName, proposerDelegation, createdAt, mergedFrom ? JSON.stringify(mergedFrom) : null, baseText],
      )!;
      for (const cosponsor of cosponsors) this.addCosponsor(id, cosponsor);
      return id;
    });
  }

  getAmendment(docId: string, id: number): AmendmentRecord | null {
    const row = this.one<AmendmentRow>(`SELECT ${AMENDMENT_COLUMNS} FROM amendments WHERE doc_id = $1 AND id = $2`, [docId, key(id)]);
    if (row === null) return null;
    const cosponsors = this.all<Cosponsor>(
      'SELECT delegation, by_name AS "byName", at FROM amendment_cosponsors WHERE amendment_id = $1 ORDER BY at, position',
      [row.id],
    );
    return toAmendment(row, cosponsors);
  }

  listAmendments(docId: string): AmendmentRecord[] {
    const cosponsorsOf = new Map<number, Cosponsor[]>();
    const cosponsorRows = this.all<Cosponsor & { amendmentId: number }>(
      `SELECT c.amendment_id AS "amendmentId", c.delegation, c.by_name AS "byName", c.at
       FROM amendment_cosponsors c JOIN amendments a ON a.id = c.amendment_id
       WHERE a.doc_id = $1 ORDER BY c.at, c.position`,
      [docId],
    );
    for (const { amendmentId, ...cosponsor } of cosponsorRows) {
      cosponsorsOf.set(amendmentId, [...(cosponsorsOf.get(amendmentId) ?? []), cosponsor]);
    }
    return this.all<AmendmentRow>(`SELECT ${AMENDMENT_COLUMNS} FROM amendments WHERE doc_id = $1 ORDER BY id`, [docId]).map((row) =>
      toAmendment(row, cosponsorsOf.get(row.id) ?? []),
    );
  }

  countPendingAmendments(docId: string, blockId: string): number {
    return this.one<{ n: number }>(`SELECT COUNT(*) AS n FROM amendments WHERE doc_id = $1 AND block_id = $2 AND status = 'pending'`, [
      docId,
      blockId,
    ])!.n;
  }

  addCosponsor(amendmentId: number, cosponsor: Cosponsor): boolean {
    return this.changes(
      'INSERT INTO amendment_cosponsors (amendment_id, delegation, by_name, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [amendmentId, cosponsor.delegation, cosponsor.byName, cosponsor.at],
    );
  }

  removeCosponsor(amendmentId: number, delegation: string): boolean {
    return this.changes('DELETE FROM amendment_cosponsors WHERE amendment_id = $1 AND delegation = $2', [key(amendmentId), delegation]);
  }

  decideAmendment(docId: string, id: number, decision: AmendmentDecision): boolean {
    return this.changes(
      `UPDATE amendments SET status = $3, decided_by = $4, decided_at = $5, merged_into = $6, text_before = $7, decision_reason = $8
       WHERE doc_id = $1 AND id = $2 AND status = 'pending'`,
      [
        docId,
        key(id),
        decision.status,
        decision.decidedBy,
        decision.decidedAt,
        decision.mergedInto ?? null,
        decision.textBefore ?? null,
        decision.reason ?? null,
      ],
    );
  }

  reopenAmendment(docId: string, id: number): boolean {
    return this.changes(
      `UPDATE amendments SET status = 'pending', decided_by = NULL, decided_at = NULL, text_before = NULL, decision_reason = NULL
       WHERE doc_id = $1 AND id = $2 AND status IN ('accepted', 'rejected')`,
      [docId, key(id)],
    );
  }

  mergeAmendments(merged: NewAmendment, cosponsors: Cosponsor[], sources: number[], decidedBy: string): number {
    return mergeAmendmentsIn(this, (work) => this.db.transaction(work), merged, cosponsors, sources, decidedBy);
  }

  // ── comments ──────────────────────────────────────────────────────────────

  createComment(comment: NewComment): number {
    const { docId, blockId, parentId, authorName, authorDelegation, authorInviteId, text, createdAt, anchor } = comment;
    return this.one<{ id: number }>(
      `INSERT INTO comments (doc_id, block_id, parent_id, author_name, author_delegation, author_invite_id, text, created_at, anchor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        docId,
        blockId,
        parentId,
        authorName,
        authorDelegation,
        authorInviteId,
        text,
        createdAt,
        anchor === null ? null : JSON.stringify(anchor),
      ],
    )!.id;
  }

  getComment(docId: string, id: number): CommentRecord | null {
    const row = this.one<CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = $1 AND id = $2`, [docId, key(id)]);
    return row === null ? null : commentRecord(row);
  }

  listComments(docId: string, blockId?: string): CommentRecord[] {
    const rows =
      blockId === undefined
        ? this.all<CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = $1 ORDER BY id`, [docId])
        : this.all<CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = $1 AND block_id = $2 ORDER BY id`, [docId, blockId]);
    return rows.map(commentRecord);
  }

  countComments(docId: string, blockId: string): number {
    return this.one<{ n: number }>('SELECT COUNT(*) AS n FROM comments WHERE doc_id = $1 AND block_id = $2', [docId, blockId])!.n;
  }

  resolveComment(docId: string, id: number, resolvedBy: string, resolvedAt: string): boolean {
    return this.changes('UPDATE comments SET resolved_by = $3, resolved_at = $4 WHERE doc_id = $1 AND id = $2 AND resolved_at IS NULL', [
      docId,
      key(id),
      resolvedBy,
      resolvedAt,
    ]);
  }

  // ── revisions (readings) ──────────────────────────────────────────────────

  createRevision(revision: NewRevision): number {
    return this.db.transaction(() => {
      const { docId, note, byName, createdAt, state, blocks, contentHash, restoredFrom } = revision;
      const last = this.one<{ n: number | null }>('SELECT MAX(n) AS n FROM revisions WHERE doc_id = $1', [docId])!.n ?? 0;
      const n = last + 1;
      this.db.query(
        `INSERT INTO revisions (doc_id, n, note, by_name, created_at, state, blocks, content_hash, restored_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [docId, n, note, byName, createdAt, state, JSON.stringify(blocks), contentHash, restoredFrom],
      );
      return n;
    });
  }

  listRevisions(docId: string): RevisionSummary[] {
    return this.all<Omit<RevisionSummary, 'label'>>(`SELECT ${REVISION_SUMMARY_COLUMNS} FROM revisions WHERE doc_id = $1 ORDER BY n`, [
      docId,
    ]).map(withLabel);
  }

  getRevision(docId: string, n: number): StoredRevision | null {
    const row = this.one<RevisionRow>(`SELECT ${STORED_REVISION_COLUMNS} FROM revisions WHERE doc_id = $1 AND n = $2`, [
      docId,
      key(n, INTEGER_MAX),
    ]);
    return row === null ? null : revisionRecord(row);
  }

  latestRevision(docId: string): StoredRevision | null {
    const row = this.one<RevisionRow>(`SELECT ${STORED_REVISION_COLUMNS} FROM revisions WHERE doc_id = $1 ORDER BY n DESC LIMIT 1`, [
      docId,
    ]);
    return row === null ? null : revisionRecord(row);
  }

  // ── projector ─────────────────────────────────────────────────────────────

  setPresenting(docId: string, record: Presenting): void {
    this.db.query(
      `INSERT INTO presenting (doc_id, block_id, by_name, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (doc_id) DO UPDATE SET block_id = excluded.block_id, by_name = excluded.by_name, at = excluded.at`,
      [docId, record.blockId, record.byName ?? '', record.at ?? new Date().toISOString()],
    );
  }

  getPresenting(docId: string): Presenting {
    return (
      this.one<Presenting>('SELECT block_id AS "blockId", by_name AS "byName", at FROM presenting WHERE doc_id = $1', [docId]) ?? {
        blockId: null,
        byName: null,
        at: null,
      }
    );
  }

  // ── silence procedures (Q1–Q3) ─────────────────────────────────────────────

  createSilence(procedure: NewSilence): number {
    const { docId, blockId, openedBy, openedAt, deadline } = procedure;
    return this.one<{ id: number }>(
      `INSERT INTO silence_procedures (doc_id, block_id, opened_by, opened_at, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [docId, blockId, openedBy, openedAt, deadline],
    )!.id;
  }

  getSilence(docId: string, id: number): SilenceProcedure | null {
    const row = this.one<SilenceRow>(`SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = $1 AND id = $2`, [docId, key(id)]);
    return row === null ? null : this.withBreaks(row);
  }

  listSilences(docId: string): SilenceProcedure[] {
    return this.all<SilenceRow>(`SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = $1 ORDER BY id`, [docId]).map((row) =>
      this.withBreaks(row),
    );
  }

  openSilenceOn(docId: string, blockId: string | null): SilenceProcedure | null {
    const row = this.one<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = $1 AND block_id IS NOT DISTINCT FROM $2 AND outcome = 'open'`,
      [docId, blockId],
    );
    return row === null ? null : this.withBreaks(row);
  }

  dueSilences(now: string): SilenceProcedure[] {
    // Ties by id: the order SQLite's index on (outcome, deadline) gives them.
    return this.all<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE outcome = 'open' AND deadline <= $1 ORDER BY deadline, id`,
      [now],
    ).map((row) => this.withBreaks(row));
  }

  nextSilenceDeadline(): string | null {
    return this.one<{ deadline: string | null }>(`SELECT MIN(deadline) AS deadline FROM silence_procedures WHERE outcome = 'open'`)!
      .deadline;
  }

  addSilenceBreak(procedureId: number, silenceBreak: SilenceBreak): boolean {
    const { delegation, byName, reason, at } = silenceBreak;
    return this.changes(
      'INSERT INTO silence_breaks (procedure_id, delegation, by_name, reason, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [procedureId, delegation, byName, reason, at],
    );
  }

  endSilence(id: number, outcome: Exclude<SilenceOutcome, 'open'>, endedAt: string): boolean {
    return this.changes(`UPDATE silence_procedures SET outcome = $2, ended_at = $3 WHERE id = $1 AND outcome = 'open'`, [
      key(id),
      outcome,
      endedAt,
    ]);
  }

  private withBreaks(row: SilenceRow): SilenceProcedure {
    const breaks = this.all<SilenceBreak>(
      'SELECT delegation, by_name AS "byName", reason, at FROM silence_breaks WHERE procedure_id = $1 ORDER BY at, position',
      [row.id],
    );
    return { ...row, breaks };
  }

  // ── statements ────────────────────────────────────────────────────────────

  private one<Row>(sql: string, params: unknown[] = []): Row | null {
    return this.db.query<Row>(sql, params).rows[0] ?? null;
  }

  private all<Row>(sql: string, params: unknown[] = []): Row[] {
    return this.db.query<Row>(sql, params).rows;
  }

  /** Whether the statement changed (inserted, updated or deleted) a row. */
  private changes(sql: string, params: unknown[]): boolean {
    return this.db.query(sql, params).rowCount > 0;
  }
}
