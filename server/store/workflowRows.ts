/**
 * The workflow tables' columns and rows, and how a row becomes a record: one reading for both
 * engines (SqliteWorkflowStore, postgres/PostgresWorkflowStore), whose SQL differs only in
 * dialect. Lists are kept as JSON text, revision states as bytes.
 */
import { revisionLabel, type RevisionBlock, type RevisionSummary, type SilenceProcedure } from '../../shared/workflow.js';
import type { AmendmentRecord, CommentRecord, StoredRevision } from '../workflow/records.js';

export const AMENDMENT_COLUMNS = `id, doc_id AS "docId", block_id AS "blockId", kind, text, proposer_name AS "proposerName",
  proposer_delegation AS "proposerDelegation", created_at AS "createdAt", status, decided_by AS "decidedBy",
  decided_at AS "decidedAt", merged_into AS "mergedInto", merged_from AS "mergedFrom", text_before AS "textBefore",
  base_text AS "baseText", decision_reason AS "decisionReason"`;
export const COMMENT_COLUMNS = `id, doc_id AS "docId", block_id AS "blockId", parent_id AS "parentId", author_name AS "authorName",
  author_delegation AS "authorDelegation", author_invite_id AS "authorInviteId", text, created_at AS "createdAt",
  resolved_by AS "resolvedBy", resolved_at AS "resolvedAt", anchor`;
export const SILENCE_COLUMNS = `id, doc_id AS "docId", block_id AS "blockId", opened_by AS "openedBy", opened_at AS "openedAt", deadline,
  outcome, ended_at AS "endedAt"`;
export const REVISION_SUMMARY_COLUMNS = 'n, note, by_name AS "byName", created_at AS "createdAt", restored_from AS "restoredFrom"';

export interface AmendmentRow extends Omit<AmendmentRecord, 'mergedFrom' | 'cosponsors'> {
  mergedFrom: string | null;
}
/** A comment as its row holds it: the anchor as JSON text. */
export type CommentRow = Omit<CommentRecord, 'anchor'> & { anchor: string | null };
export type SilenceRow = Omit<SilenceProcedure, 'breaks'>;
export type RevisionRow = Omit<RevisionSummary, 'label'> & { state: Uint8Array; blocks: string; contentHash: string };

export function toAmendment(row: AmendmentRow, cosponsors: AmendmentRecord['cosponsors']): AmendmentRecord {
  return { ...row, mergedFrom: row.mergedFrom ? (JSON.parse(row.mergedFrom) as number[]) : null, cosponsors };
}

export function commentRecord(row: CommentRow): CommentRecord {
  return { ...row, anchor: row.anchor === null ? null : (JSON.parse(row.anchor) as CommentRecord['anchor']) };
}

export function withLabel<T extends { n: number }>(row: T): T & { label: string } {
  return { ...row, label: revisionLabel(row.n) };
}

export function revisionRecord(row: RevisionRow): StoredRevision {
  return {
    ...withLabel(row),
    state: new Uint8Array(row.state),
    blocks: JSON.parse(row.blocks) as RevisionBlock[],
    contentHash: row.contentHash,
  };
}
