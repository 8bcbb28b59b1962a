/**
 * The chair's workflow over HTTP (paragraph status, amendments, comments, readings, the
 * projector): the JSON the server returns and accepts, and what the client reads and sends.
 * The server's stored records extend these (adding the room's `docId`).
 */
import type { LockState } from './api.js';
import type { BlockStatus } from './blocks.js';

// ── paragraph status ────────────────────────────────────────────────────────

/** POST …/blocks/<blockId>/status: the block's lock and its new status. */
export interface BlockStatusState extends LockState {
  status: BlockStatus;
}

/** GET /status-summary: how many paragraphs stand at each status. */
export interface StatusSummary {
  counts: Record<BlockStatus, number>;
  /** Numbered blocks with text (headings and empty paragraphs are not counted). */
  total: number;
}

// ── amendments ──────────────────────────────────────────────────────────────

/** What an amendment proposes for its paragraph. */
export const AMENDMENT_KINDS = ['replace', 'insert-after', 'delete'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** Where an amendment stands; only 'pending' ones can be co-sponsored, accepted, rejected or merged. */
export const AMENDMENT_STATUSES = ['pending', 'accepted', 'rejected', 'merged'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** A delegation standing behind an amendment besides the proposer's. */
export interface Cosponsor {
  delegation: string;
  byName: string;
  at: string;
}

/** One piece of a word-level diff. */
export interface DiffPart {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

/** GET /amendments, and every amendment action: one amendment with its diff. */
export interface Amendment {
  id: number;
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
  /** False when the paragraph it amends is no longer in the text. */
  blockExists: boolean;
  /**
   * Pending: the change against the paragraph's current text. Accepted: the change it made
   * (against `textBefore`). Rejected or merged: null.
   */
  diff: DiffPart[] | null;
  /**
   * True when `diff` is coarse (M5): the change was too large to mark word by word within
   * the cost bound, so it is marked by sentence or as one replacement ("changed throughout").
   */
  diffCoarse: boolean;
}

/** POST /amendments body. */
export interface NewAmendmentBody {
  blockId: string;
  kind: AmendmentKind;
  text?: string;
}

/** POST /amendments/merge body: the two pending amendments and, optionally, the merged text and kind. */
export interface AmendmentMerge {
  ids: [number, number];
  text?: string;
  kind?: AmendmentKind;
}

// ── comments ────────────────────────────────────────────────────────────────

/** GET /comments: one comment; a thread is a first comment and the replies naming it (flat, C2). */
export interface Comment {
  id: number;
  blockId: string;
  /** The first comment of the thread this one replies to; null for the first comment itself. */
  parentId: number | null;
  authorName: string;
  authorDelegation: string;
  text: string;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /**
   * Whether the caller may resolve this thread (C3): its author (same invite and name), a
   * moderator or the adviser; always false for a reply. Worked out for each request.
   */
  canResolve: boolean;
}

/** POST /comments body; `parentId` may name any comment of the thread: the reply joins the thread. */
export interface NewCommentBody {
  blockId: string;
  text: string;
  parentId?: number;
}

// ── readings (revisions) ────────────────────────────────────────────────────

/** GET /revisions: one saved reading (also what saving and restoring return). */
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

/** The label of revision `n`: "Rev.3". */
export function revisionLabel(n: number): string {
  return `Rev.${n}`;
}

/** A block of a reading (or of the live text), as the revision and compare endpoints return it. */
export interface RevisionBlock {
  id: string;
  type: string;
  text: string;
  number: number | null;
  status: BlockStatus;
  locked: boolean;
}

/** How a block differs between the two sides of a comparison. */
export type BlockChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** A side of a comparison: a revision number or the live text. */
export type TextRef = number | 'live';

/** One block of a comparison. */
export interface BlockComparison {
  id: string;
  change: BlockChange;
  /** The block as it stands in `from` (null when added) and in `to` (null when removed). */
  from: RevisionBlock | null;
  to: RevisionBlock | null;
  /** Word-level diff from `from` to `to`, for changed blocks only. */
  diff: DiffPart[] | null;
  /** True when `diff` is coarse (M5): by sentence or one replacement, as for an amendment. */
  diffCoarse: boolean;
}

/** GET /compare?from=&to=. */
export interface Comparison {
  from: { ref: TextRef; label: string };
  to: { ref: TextRef; label: string };
  counts: Record<BlockChange, number>;
  /** In the order of `to`; a removed block stands after the block that preceded it in `from`. */
  blocks: BlockComparison[];
}

// ── projector ───────────────────────────────────────────────────────────────

/** GET/POST /presenting: the paragraph on the projector (null: none, the top of the text). */
export interface Presenting {
  blockId: string | null;
  byName: string | null;
  at: string | null;
}

/** POST /presenting body. */
export interface PresentingChange {
  blockId: string | null;
}
