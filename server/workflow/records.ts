/**
 * The chair's workflow as the server stores it: amendments, comments and readings
 * (revisions). What the HTTP API returns is in shared/workflow.ts; a stored record is that
 * shape plus the room's id (and, for a reading, what it holds).
 */
import type { Amendment, Comment, RevisionBlock, RevisionSummary } from '../../shared/workflow.js';

/** An amendment as stored: the API's shape without what is worked out on reading (blockExists, diff, diffCoarse). */
export interface AmendmentRecord extends Omit<Amendment, 'blockExists' | 'diff' | 'diffCoarse'> {
  docId: string;
}

/** A comment as stored: the API's shape without what depends on the caller, plus its author's invite. */
export interface CommentRecord extends Omit<Comment, 'canResolve'> {
  docId: string;
  /** The invite the author wrote under (null for comments from before issue 10, and the admin's). */
  authorInviteId: string | null;
}

/** A revision with what it holds, for restore and export. */
export interface StoredRevision extends RevisionSummary {
  /** Y.encodeStateAsUpdate of the room's document when the revision was saved. */
  state: Uint8Array;
  blocks: RevisionBlock[];
  /** Hash of the text's content (server-only attributes left out), to tell whether the live text is still this revision. */
  contentHash: string;
}
