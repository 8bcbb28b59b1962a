/**
 * Shapes of the workflow endpoints' answers (paragraph status, amendments, comments,
 * readings, projector, activity), as the client reads them. The server's own definitions
 * are in server/workflow/records.ts and server/workflow/compare.ts; keep the two in step.
 */
import type { BlockStatus } from '../../shared/blocks';

/** GET /status-summary. */
export interface StatusSummary {
  counts: Record<BlockStatus, number>;
  total: number;
}

export type AmendmentKind = 'replace' | 'insert-after' | 'delete';
export type AmendmentStatus = 'pending' | 'accepted' | 'rejected' | 'merged';

/** One piece of a word-level diff. */
export interface DiffPart {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface Cosponsor {
  delegation: string;
  byName: string;
  at: string;
}

/** GET /amendments: one amendment, with its diff (pending: against the text as the server had it). */
export interface Amendment {
  id: number;
  blockId: string;
  kind: AmendmentKind;
  text: string;
  proposerName: string;
  proposerDelegation: string;
  createdAt: string;
  status: AmendmentStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  mergedInto: number | null;
  mergedFrom: number[] | null;
  textBefore: string | null;
  cosponsors: Cosponsor[];
  blockExists: boolean;
  diff: DiffPart[] | null;
}

/** POST /amendments body. */
export interface NewAmendment {
  blockId: string;
  kind: AmendmentKind;
  text?: string;
}

/** GET /comments: one comment; a thread is a first comment and the replies naming it. */
export interface Comment {
  id: number;
  blockId: string;
  parentId: number | null;
  authorName: string;
  authorDelegation: string;
  text: string;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** GET /revisions: one saved reading. */
export interface Revision {
  n: number;
  label: string;
  note: string;
  byName: string;
  createdAt: string;
  restoredFrom: number | null;
}

/** A block of a reading (or of the live text) as compare returns it. */
export interface RevisionBlock {
  id: string;
  type: string;
  text: string;
  number: number | null;
  status: BlockStatus;
  locked: boolean;
}

export type BlockChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** A side of a comparison: a revision number or the live text. */
export type TextRef = number | 'live';

/** GET /compare?from=&to=. */
export interface Comparison {
  from: { ref: TextRef; label: string };
  to: { ref: TextRef; label: string };
  counts: Record<BlockChange, number>;
  blocks: { id: string; change: BlockChange; from: RevisionBlock | null; to: RevisionBlock | null; diff: DiffPart[] | null }[];
}

/** GET/POST /presenting. */
export interface Presenting {
  blockId: string | null;
  byName: string | null;
  at: string | null;
}

/** GET /activity: one entry of the room's log. `detail` depends on `kind`. */
export interface ActivityEntry {
  id: number;
  kind: string;
  byName: string;
  at: string;
  blockId: string | null;
  detail: Record<string, unknown> | null;
}

export const EXPORT_VARIANTS = ['agreed', 'clean', 'marked'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];
