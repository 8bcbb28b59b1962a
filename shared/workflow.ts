/**
 * The chair's workflow over HTTP (paragraph status, amendments, comments, readings, the
 * projector): the JSON the server returns and accepts, and what the client reads and sends.
 * Each type is derived from its TypeBox schema in workflowSchemas.ts.
 */
import type { Static } from 'typebox';
import type * as S from './workflowSchemas.js';

// ── paragraph status ────────────────────────────────────────────────────────

/** POST …/blocks/<blockId>/status body. */
export type BlockStatusChange = Static<typeof S.BlockStatusChangeSchema>;

/** POST …/blocks/<blockId>/undo body (M10). */
export type UndoDecision = Static<typeof S.UndoDecisionSchema>;

/** POST …/blocks/<blockId>/status: the block's lock and its new status. */
export type BlockStatusState = Static<typeof S.BlockStatusStateSchema>;

/** GET /status-summary: how many paragraphs stand at each status. */
export type StatusSummary = Static<typeof S.StatusSummarySchema>;

// ── amendments ──────────────────────────────────────────────────────────────

/** What an amendment proposes for its paragraph. */
export const AMENDMENT_KINDS = ['replace', 'insert-after', 'delete'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** Where an amendment stands; only 'pending' ones can be co-sponsored, accepted, rejected or merged. */
export const AMENDMENT_STATUSES = ['pending', 'accepted', 'rejected', 'merged'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** A delegation standing behind an amendment besides the proposer's. */
export type Cosponsor = Static<typeof S.CosponsorSchema>;

/** One piece of a word-level diff. */
export type DiffPart = Static<typeof S.DiffPartSchema>;

/** GET /amendments, and every amendment action: one amendment with its diff. */
export type Amendment = Static<typeof S.AmendmentSchema>;

/** POST /amendments body. */
export type NewAmendmentBody = Static<typeof S.NewAmendmentSchema>;

/** POST /amendments/merge body: the two pending amendments and, optionally, the merged text and kind. */
export type AmendmentMerge = Static<typeof S.AmendmentMergeSchema>;

// ── comments ────────────────────────────────────────────────────────────────

/** GET /comments: one comment; a thread is a first comment and the replies naming it (flat, C2). */
export type EditStretch = Static<typeof S.EditStretchSchema>;
export type Comment = Static<typeof S.CommentSchema>;

/** POST /comments body; `parentId` may name any comment of the thread: the reply joins the thread. */
export type NewCommentBody = Static<typeof S.NewCommentSchema>;

// ── readings (revisions) ────────────────────────────────────────────────────

/** POST /revisions body: a note for the reading, if any. */
export type NewRevision = Static<typeof S.NewRevisionSchema>;

/** GET /revisions: one saved reading (also what saving and restoring return). */
export type RevisionSummary = Static<typeof S.RevisionSummarySchema>;

/** The label of revision `n`: "Rev.3". */
export function revisionLabel(n: number): string {
  return `Rev.${n}`;
}

/** A block of a reading (or of the live text), as the revision and compare endpoints return it. */
export type RevisionBlock = Static<typeof S.RevisionBlockSchema>;

/** How a block differs between the two sides of a comparison. */
export type BlockChange = (typeof S.BLOCK_CHANGES)[number];

/** A side of a comparison: a revision number or the live text. */
export type TextRef = number | 'live';

/** One block of a comparison. */
export type BlockComparison = Static<typeof S.BlockComparisonSchema>;

/** GET /compare?from=&to=. */
export type Comparison = Static<typeof S.ComparisonSchema>;

// ── projector ───────────────────────────────────────────────────────────────

/** GET/POST /presenting: the paragraph on the projector (null: none, the top of the text). */
export type Presenting = Static<typeof S.PresentingSchema>;

/** POST /presenting body. */
export type PresentingChange = Static<typeof S.PresentingChangeSchema>;

// ── silence procedure ───────────────────────────────────────────────────────

/** Where a silence procedure stands (Q3). */
export type SilenceOutcome = (typeof S.SILENCE_OUTCOMES)[number];

/** GET /silence: a procedure, its breaks and its outcome. */
export type SilenceProcedure = Static<typeof S.SilenceProcedureSchema>;

/** A delegation's break of silence. */
export type SilenceBreak = Static<typeof S.SilenceBreakSchema>;

/** POST /silence body. */
export type SilenceOpen = Static<typeof S.SilenceOpenSchema>;

// ── authorship ──────────────────────────────────────────────────────────────

/** GET …/blocks/<blockId>/authors (U1). */
export type BlockAuthors = Static<typeof S.BlockAuthorsSchema>;

/** GET …/authors: one client id's author (U1). */
export type ClientAuthor = Static<typeof S.ClientAuthorSchema>;
