/**
 * The chair's workflow as the server stores and serves it: amendments, comments, readings
 * (revisions) and the projector. These are also the shapes of the HTTP responses.
 */
import type { BlockStatus } from '../../shared/blocks.js';

/** What an amendment proposes for its paragraph. */
export const AMENDMENT_KINDS = ['replace', 'insert-after', 'delete'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** Where an amendment stands; only 'pending' ones can be co-sponsored, accepted, rejected or merged. */
export const AMENDMENT_STATUSES = ['pending', 'accepted', 'rejected', 'merged'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

export interface Cosponsor {
  delegation: string;
  byName: string;
  at: string;
}

export interface AmendmentRecord {
  id: number;
  docId: string;
  blockId: string;
  kind: AmendmentKind;
  /** The proposed text: the replacement, or the paragraph to add; empty for a deletion. */
  text: string;
  proposerName: string;
  proposerDelegation: string;
  createdAt: string;
  status: AmendmentStatus;
  /** Who accepted, rejected or merged it ("Name (Delegation)"), and when. */
  decidedBy: string | null;
  decidedAt: string | null;
  /** For a merged amendment: the amendment that replaced it. */
  mergedInto: number | null;
  /** For an amendment made by merging: the two it combines. */
  mergedFrom: number[] | null;
  /** For an accepted amendment: the paragraph's text just before it was applied. */
  textBefore: string | null;
  cosponsors: Cosponsor[];
}

/** One piece of a word-level diff, as the client renders it. */
export interface DiffPart {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

/** An amendment as GET /amendments returns it. */
export interface AmendmentView extends AmendmentRecord {
  /** False when the paragraph it amends is no longer in the text. */
  blockExists: boolean;
  /**
   * Pending: the change against the paragraph's current text. Accepted: the change it made
   * (against `textBefore`). Rejected or merged: null.
   */
  diff: DiffPart[] | null;
}

export interface CommentRecord {
  id: number;
  docId: string;
  blockId: string;
  /** The comment this one answers; null for the first comment of a thread. */
  parentId: number | null;
  authorName: string;
  authorDelegation: string;
  text: string;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** A block of a saved reading, as the revision and compare endpoints return it. */
export interface RevisionBlock {
  id: string;
  type: string;
  text: string;
  number: number | null;
  status: BlockStatus;
  locked: boolean;
}

export interface RevisionSummary {
  n: number;
  /** "Rev.3". */
  label: string;
  note: string;
  byName: string;
  createdAt: string;
  /** The revision this one was restored from, if it was made by a restore. */
  restoredFrom: number | null;
}

/** A revision with what it holds, for restore and export. */
export interface StoredRevision extends RevisionSummary {
  /** Y.encodeStateAsUpdate of the room's document when the revision was saved. */
  state: Uint8Array;
  blocks: RevisionBlock[];
  /** Hash of the text's content (server-only attributes left out), to tell whether the live text is still this revision. */
  contentHash: string;
}

export interface PresentingRecord {
  blockId: string | null;
  byName: string | null;
  at: string | null;
}

export function revisionLabel(n: number): string {
  return `Rev.${n}`;
}

/** Longest amendment text, in characters (a long paragraph is ~2,000). */
export const MAX_AMENDMENT_CHARS = 10_000;
/** Longest comment, in characters. */
export const MAX_COMMENT_CHARS = 4_000;
/** Longest revision note, in characters. */
export const MAX_REVISION_NOTE_CHARS = 500;
