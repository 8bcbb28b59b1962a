/**
 * The chair's workflow (Store.ts WorkflowStore) in SQLite. Shares the database of SqliteStore
 * (same file, same WAL), so a workflow write and a text change share one transaction.
 */
import type Database from 'better-sqlite3';
import type { Cosponsor, Presenting, RevisionSummary, SilenceBreak, SilenceOutcome, SilenceProcedure } from '../../shared/workflow.js';
import type { AmendmentRecord, CommentRecord, StoredRevision } from '../workflow/records.js';
import type { AmendmentDecision, NewAmendment, NewComment, NewRevision, NewSilence, WorkflowStore } from './Store.js';
import { mergeAmendmentsIn } from './mergeAmendments.js';
import {
  AMENDMENT_COLUMNS,
  COMMENT_COLUMNS,
  REVISION_SUMMARY_COLUMNS,
  SILENCE_COLUMNS,
  type AmendmentRow,
  type CommentRow,
  type RevisionRow,
  type SilenceRow,
  commentRecord,
  revisionRecord,
  toAmendment,
  withLabel,
} from './workflowRows.js';

export class SqliteWorkflowStore implements WorkflowStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insertAmendment: db.prepare(
        `INSERT INTO amendments (doc_id, block_id, kind, text, proposer_name, proposer_delegation, created_at, merged_from, base_text)
         VALUES (@docId, @blockId, @kind, @text, @proposerName, @proposerDelegation, @createdAt, @mergedFrom, @baseText)`,
      ),
      getAmendment: db.prepare(`SELECT ${AMENDMENT_COLUMNS} FROM amendments WHERE doc_id = ? AND id = ?`),
      listAmendments: db.prepare(`SELECT ${AMENDMENT_COLUMNS} FROM amendments WHERE doc_id = ? ORDER BY id`),
      decideAmendment: db.prepare(
        `UPDATE amendments SET status = @status, decided_by = @decidedBy, decided_at = @decidedAt,
           merged_into = @mergedInto, text_before = @textBefore, decision_reason = @decisionReason
         WHERE doc_id = @docId AND id = @id AND status = 'pending'`,
      ),
      reopenAmendment: db.prepare(
        `UPDATE amendments SET status = 'pending', decided_by = NULL, decided_at = NULL, text_before = NULL, decision_reason = NULL
         WHERE doc_id = ? AND id = ? AND status IN ('accepted', 'rejected')`,
      ),
      addCosponsor: db.prepare('INSERT OR IGNORE INTO amendment_cosponsors (amendment_id, delegation, by_name, at) VALUES (?, ?, ?, ?)'),
      removeCosponsor: db.prepare('DELETE FROM amendment_cosponsors WHERE amendment_id = ? AND delegation = ?'),
      listCosponsors: db.prepare(
        'SELECT delegation, by_name AS byName, at FROM amendment_cosponsors WHERE amendment_id = ? ORDER BY at, rowid',
      ),
      listCosponsorsOfDoc: db.prepare(
        `SELECT c.amendment_id AS amendmentId, c.delegation, c.by_name AS byName, c.at
         FROM amendment_cosponsors c JOIN amendments a ON a.id = c.amendment_id
         WHERE a.doc_id = ? ORDER BY c.at, c.rowid`,
      ),
      insertComment: db.prepare(
        `INSERT INTO comments (doc_id, block_id, parent_id, author_name, author_delegation, author_invite_id, text, created_at, anchor)
         VALUES (@docId, @blockId, @parentId, @authorName, @authorDelegation, @authorInviteId, @text, @createdAt, @anchor)`,
      ),
      getComment: db.prepare(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = ? AND id = ?`),
      listComments: db.prepare(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = ? ORDER BY id`),
      listBlockComments: db.prepare(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE doc_id = ? AND block_id = ? ORDER BY id`),
      countBlockComments: db.prepare('SELECT COUNT(*) AS n FROM comments WHERE doc_id = ? AND block_id = ?'),
      countPendingAmendments: db.prepare(`SELECT COUNT(*) AS n FROM amendments WHERE doc_id = ? AND block_id = ? AND status = 'pending'`),
      resolveComment: db.prepare(
        'UPDATE comments SET resolved_by = ?, resolved_at = ? WHERE doc_id = ? AND id = ? AND resolved_at IS NULL',
      ),
      lastRevisionNumber: db.prepare('SELECT MAX(n) AS n FROM revisions WHERE doc_id = ?'),
      insertRevision: db.prepare(
        `INSERT INTO revisions (doc_id, n, note, by_name, created_at, state, blocks, content_hash, restored_from)
         VALUES (@docId, @n, @note, @byName, @createdAt, @state, @blocks, @contentHash, @restoredFrom)`,
      ),
      listRevisions: db.prepare(`SELECT ${REVISION_SUMMARY_COLUMNS} FROM revisions WHERE doc_id = ? ORDER BY n`),
      getRevision: db.prepare(
        `SELECT ${REVISION_SUMMARY_COLUMNS}, state, blocks, content_hash AS contentHash FROM revisions WHERE doc_id = ? AND n = ?`,
      ),
      putPresenting: db.prepare(
        `INSERT INTO presenting (doc_id, block_id, by_name, at) VALUES (?, ?, ?, ?)
         ON CONFLICT(doc_id) DO UPDATE SET block_id = excluded.block_id, by_name = excluded.by_name, at = excluded.at`,
      ),
      getPresenting: db.prepare('SELECT block_id AS blockId, by_name AS byName, at FROM presenting WHERE doc_id = ?'),
      insertSilence: db.prepare(
        `INSERT INTO silence_procedures (doc_id, block_id, opened_by, opened_at, deadline)
         VALUES (@docId, @blockId, @openedBy, @openedAt, @deadline)`,
      ),
      getSilence: db.prepare(`SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = ? AND id = ?`),
      listSilences: db.prepare(`SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = ? ORDER BY id`),
      openSilenceOn: db.prepare(
        `SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE doc_id = ? AND block_id IS ? AND outcome = 'open'`,
      ),
      dueSilences: db.prepare(
        `SELECT ${SILENCE_COLUMNS} FROM silence_procedures WHERE outcome = 'open' AND deadline <= ? ORDER BY deadline`,
      ),
      nextDeadline: db.prepare(`SELECT MIN(deadline) AS deadline FROM silence_procedures WHERE outcome = 'open'`),
      endSilence: db.prepare(`UPDATE silence_procedures SET outcome = ?, ended_at = ? WHERE id = ? AND outcome = 'open'`),
      insertSilenceBreak: db.prepare(
        'INSERT OR IGNORE INTO silence_breaks (procedure_id, delegation, by_name, reason, at) VALUES (?, ?, ?, ?, ?)',
      ),
      listSilenceBreaks: db.prepare(
        'SELECT delegation, by_name AS byName, reason, at FROM silence_breaks WHERE procedure_id = ? ORDER BY at, rowid',
      ),
    };
  }

  // ── amendments ────────────────────────────────────────────────────────────

  /** Stores a new pending amendment with its first co-sponsors; returns its id. */
  createAmendment(amendment: NewAmendment, cosponsors: Cosponsor[] = []): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.statements.insertAmendment.run({
        ...amendment,
        mergedFrom: amendment.mergedFrom ? JSON.stringify(amendment.mergedFrom) : null,
      });
      const id = Number(lastInsertRowid);
      for (const c of cosponsors) this.statements.addCosponsor.run(id, c.delegation, c.byName, c.at);
      return id;
    })();
  }

  getAmendment(docId: string, id: number): AmendmentRecord | null {
    const row = this.statements.getAmendment.get(docId, id) as AmendmentRow | undefined;
    if (!row) return null;
    return toAmendment(row, this.statements.listCosponsors.all(row.id) as Cosponsor[]);
  }

  listAmendments(docId: string): AmendmentRecord[] {
    const bySponsored = new Map<number, Cosponsor[]>();
    for (const row of this.statements.listCosponsorsOfDoc.all(docId) as Array<Cosponsor & { amendmentId: number }>) {
      const { amendmentId, ...cosponsor } = row;
      bySponsored.set(amendmentId, [...(bySponsored.get(amendmentId) ?? []), cosponsor]);
    }
    return (this.statements.listAmendments.all(docId) as AmendmentRow[]).map((row) => toAmendment(row, bySponsored.get(row.id) ?? []));
  }

  /** Pending amendments to one paragraph. */
  countPendingAmendments(docId: string, blockId: string): number {
    return (this.statements.countPendingAmendments.get(docId, blockId) as { n: number }).n;
  }

  /** Adds a delegation as co-sponsor; false when it already is one. */
  addCosponsor(amendmentId: number, cosponsor: Cosponsor): boolean {
    return this.statements.addCosponsor.run(amendmentId, cosponsor.delegation, cosponsor.byName, cosponsor.at).changes > 0;
  }

  /** Takes a delegation's co-sponsorship back; false when it was not a co-sponsor. */
  removeCosponsor(amendmentId: number, delegation: string): boolean {
    return this.statements.removeCosponsor.run(amendmentId, delegation).changes > 0;
  }

  /** Moves a pending amendment to its final status; false when it was no longer pending. */
  decideAmendment(docId: string, id: number, decision: AmendmentDecision): boolean {
    return (
      this.statements.decideAmendment.run({
        docId,
        id,
        status: decision.status,
        decidedBy: decision.decidedBy,
        decidedAt: decision.decidedAt,
        mergedInto: decision.mergedInto ?? null,
        textBefore: decision.textBefore ?? null,
        decisionReason: decision.reason ?? null,
      }).changes > 0
    );
  }

  /** Puts an accepted or rejected amendment back to pending (its decision undone, M10); false when it was neither. */
  reopenAmendment(docId: string, id: number): boolean {
    return this.statements.reopenAmendment.run(docId, id).changes > 0;
  }

  /** Creates the merged amendment and marks both sources merged into it, atomically. Returns the new id. */
  mergeAmendments(merged: NewAmendment, cosponsors: Cosponsor[], sources: number[], decidedBy: string): number {
    return mergeAmendmentsIn(this, (work) => this.db.transaction(work)(), merged, cosponsors, sources, decidedBy);
  }

  // ── comments ──────────────────────────────────────────────────────────────

  createComment(comment: NewComment): number {
    const anchor = comment.anchor === null ? null : JSON.stringify(comment.anchor);
    return Number(this.statements.insertComment.run({ ...comment, anchor }).lastInsertRowid);
  }

  getComment(docId: string, id: number): CommentRecord | null {
    const row = this.statements.getComment.get(docId, id) as CommentRow | undefined;
    return row === undefined ? null : commentRecord(row);
  }

  /** The room's comments, or one paragraph's, oldest first. */
  listComments(docId: string, blockId?: string): CommentRecord[] {
    const rows = blockId === undefined ? this.statements.listComments.all(docId) : this.statements.listBlockComments.all(docId, blockId);
    return (rows as CommentRow[]).map(commentRecord);
  }

  /** Comments on one paragraph, first comments and replies, resolved or not. */
  countComments(docId: string, blockId: string): number {
    return (this.statements.countBlockComments.get(docId, blockId) as { n: number }).n;
  }

  /** Marks a comment resolved; false when it already was. */
  resolveComment(docId: string, id: number, resolvedBy: string, resolvedAt: string): boolean {
    return this.statements.resolveComment.run(resolvedBy, resolvedAt, docId, id).changes > 0;
  }

  // ── revisions (readings) ──────────────────────────────────────────────────

  /** Stores the next revision of the document (Rev.1, Rev.2 …); returns its number. */
  createRevision(revision: NewRevision): number {
    return this.db.transaction(() => {
      const last = (this.statements.lastRevisionNumber.get(revision.docId) as { n: number | null }).n ?? 0;
      const n = last + 1;
      this.statements.insertRevision.run({
        ...revision,
        n,
        state: Buffer.from(revision.state.buffer, revision.state.byteOffset, revision.state.byteLength),
        blocks: JSON.stringify(revision.blocks),
      });
      return n;
    })();
  }

  listRevisions(docId: string): RevisionSummary[] {
    return (this.statements.listRevisions.all(docId) as Omit<RevisionSummary, 'label'>[]).map(withLabel);
  }

  getRevision(docId: string, n: number): StoredRevision | null {
    const row = this.statements.getRevision.get(docId, n) as RevisionRow | undefined;
    return row === undefined ? null : revisionRecord(row);
  }

  latestRevision(docId: string): StoredRevision | null {
    const n = (this.statements.lastRevisionNumber.get(docId) as { n: number | null }).n;
    return n === null ? null : this.getRevision(docId, n);
  }

  // ── projector ─────────────────────────────────────────────────────────────

  setPresenting(docId: string, record: Presenting): void {
    this.statements.putPresenting.run(docId, record.blockId, record.byName ?? '', record.at ?? new Date().toISOString());
  }

  getPresenting(docId: string): Presenting {
    return (this.statements.getPresenting.get(docId) as Presenting | undefined) ?? { blockId: null, byName: null, at: null };
  }

  // ── silence procedures (Q1–Q3) ─────────────────────────────────────────────

  /** Stores an open procedure; returns its id. Deadlines are stored as ISO instants in UTC, so they sort as text. */
  createSilence(procedure: NewSilence): number {
    return Number(this.statements.insertSilence.run(procedure).lastInsertRowid);
  }

  getSilence(docId: string, id: number): SilenceProcedure | null {
    const row = this.statements.getSilence.get(docId, id) as SilenceRow | undefined;
    return row ? this.withBreaks(row) : null;
  }

  listSilences(docId: string): SilenceProcedure[] {
    return (this.statements.listSilences.all(docId) as SilenceRow[]).map((row) => this.withBreaks(row));
  }

  /** The open procedure on this paragraph (or, for null, on the whole text), if any. */
  openSilenceOn(docId: string, blockId: string | null): SilenceProcedure | null {
    const row = this.statements.openSilenceOn.get(docId, blockId) as SilenceRow | undefined;
    return row ? this.withBreaks(row) : null;
  }

  /** Open procedures whose deadline is at or before `now` (ISO, UTC), in every room. */
  dueSilences(now: string): SilenceProcedure[] {
    return (this.statements.dueSilences.all(now) as SilenceRow[]).map((row) => this.withBreaks(row));
  }

  /** The earliest deadline of any open procedure, or null. */
  nextSilenceDeadline(): string | null {
    return (this.statements.nextDeadline.get() as { deadline: string | null }).deadline;
  }

  /** Records a delegation's break; false when that delegation had broken this silence already. */
  addSilenceBreak(procedureId: number, silenceBreak: SilenceBreak): boolean {
    const { delegation, byName, reason, at } = silenceBreak;
    return this.statements.insertSilenceBreak.run(procedureId, delegation, byName, reason, at).changes > 0;
  }

  /** Ends an open procedure with its outcome; false when it had ended already. */
  endSilence(id: number, outcome: Exclude<SilenceOutcome, 'open'>, endedAt: string): boolean {
    return this.statements.endSilence.run(outcome, endedAt, id).changes > 0;
  }

  private withBreaks(row: SilenceRow): SilenceProcedure {
    return { ...row, breaks: this.statements.listSilenceBreaks.all(row.id) as SilenceBreak[] };
  }
}
