/**
 * The chair's workflow over HTTP as TypeBox schemas: paragraph status, amendments, comments,
 * readings (revisions), the projector. Like apiSchemas.ts: the server validates requests and
 * serializes responses with them, and shared/workflow.ts derives its types from them.
 */
import { Type } from 'typebox';
import { nullable, oneOfStrings, literals } from './apiSchemas.js';
import { BLOCK_STATUSES } from './blocks.js';
import {
  MAX_AMENDMENT_CHARS,
  MAX_ANCHOR_POSITION_CHARS,
  MAX_BLOCK_CHARS,
  MAX_COMMENT_CHARS,
  MAX_LABEL_INPUT_CHARS,
  MAX_REVISION_NOTE_CHARS,
} from './limits.js';
import { AMENDMENT_KINDS, AMENDMENT_STATUSES } from './workflow.js';

/** A block id as a request names it. */
const BlockIdSchema = Type.String({ minLength: 1, maxLength: 64 });
const StringOrNull = nullable(Type.String());
const BlockStatusSchema = oneOfStrings(BLOCK_STATUSES);

/** An object counting each of `values`: `{[value]: integer}`, every value present. */
const countsOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<Record<T, number>>(Type.Object(Object.fromEntries(values.map((value) => [value, Type.Integer()]))));

/** How a block differs between the two sides of a comparison. */
export const BLOCK_CHANGES = ['added', 'removed', 'changed', 'unchanged'] as const;

/** A side of a comparison in a query: `live` or a revision number. */
const TEXT_REF_PATTERN = '^(live|[1-9][0-9]*)$';

// ── path parameters ─────────────────────────────────────────────────────────

/** …/amendments/<id>/… and …/comments/<id>/…: the id is a number. */
export const IdParamsSchema = Type.Object({ docId: Type.String(), id: Type.Integer({ minimum: 1 }) });
/** …/revisions/<n>/…: the revision's number. */
export const RevisionParamsSchema = Type.Object({ docId: Type.String(), n: Type.Integer({ minimum: 1 }) });

// ── paragraph status ────────────────────────────────────────────────────────

/**
 * Undoing the last decision on a paragraph (M10): the activity entry id of the decision the
 * moderator saw as the last, the reason for the record, and, to undo over words typed since
 * the decision, the paragraph's text as they saw it.
 */
export const UndoDecisionSchema = Type.Object(
  {
    decisionId: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Type.String({ maxLength: MAX_LABEL_INPUT_CHARS })),
    confirmText: Type.Optional(Type.String({ maxLength: MAX_BLOCK_CHARS })),
  },
  { additionalProperties: false },
);

export const UndoneDecisionSchema = Type.Object({ undone: Type.Integer() });

/** A new status; leaving 'agreed' unlocks, and may carry the reason for the record (M9). */
export const BlockStatusChangeSchema = Type.Object(
  { status: literals(BLOCK_STATUSES), reason: Type.Optional(Type.String({ maxLength: MAX_LABEL_INPUT_CHARS })) },
  { additionalProperties: false },
);

export const BlockStatusStateSchema = Type.Object({
  id: Type.String(),
  locked: Type.Boolean(),
  lockedBy: StringOrNull,
  lockedAt: StringOrNull,
  status: BlockStatusSchema,
});

export const StatusSummarySchema = Type.Object({
  counts: countsOf(BLOCK_STATUSES),
  /** Numbered blocks with text (headings and empty paragraphs are not counted). */
  total: Type.Integer(),
});

// ── amendments ──────────────────────────────────────────────────────────────

export const CosponsorSchema = Type.Object({ delegation: Type.String(), byName: Type.String(), at: Type.String() });

export const DiffPartSchema = Type.Object({ type: oneOfStrings(['equal', 'insert', 'delete'] as const), text: Type.String() });

export const AmendmentSchema = Type.Object({
  id: Type.Integer(),
  /** The room: the server has always sent it with each amendment. */
  docId: Type.String(),
  blockId: Type.String(),
  kind: oneOfStrings(AMENDMENT_KINDS),
  /** The proposed text: the replacement, or the paragraph to add; empty for a deletion. */
  text: Type.String(),
  proposerName: Type.String(),
  proposerDelegation: Type.String(),
  createdAt: Type.String(),
  status: oneOfStrings(AMENDMENT_STATUSES),
  /** Who accepted, rejected or merged it ("Name (Delegation)"), and when. */
  decidedBy: StringOrNull,
  decidedAt: StringOrNull,
  /** For a merged amendment: the amendment that replaced it. */
  mergedInto: nullable(Type.Integer()),
  /** For an amendment made by merging: the two it combines. */
  mergedFrom: nullable(Type.Array(Type.Integer())),
  /** For an accepted amendment: the paragraph's text just before it was applied. */
  textBefore: StringOrNull,
  /**
   * The paragraph's text when the amendment was proposed (or merged), for a replacement or a
   * deletion: when the paragraph no longer reads so, accepting asks for confirmation (M7).
   * Null for an addition, and for amendments made before the server kept it.
   */
  baseText: StringOrNull,
  /** Why it was rejected, as the moderator gave it (M9); null otherwise. */
  decisionReason: StringOrNull,
  cosponsors: Type.Array(CosponsorSchema),
  /** False when the paragraph it amends is no longer in the text. */
  blockExists: Type.Boolean(),
  /**
   * Pending: the change against the paragraph's current text. Accepted: the change it made
   * (against `textBefore`). Rejected or merged: null.
   */
  diff: nullable(Type.Array(DiffPartSchema)),
  /**
   * True when `diff` is coarse (M5): the change was too large to mark word by word within
   * the cost bound, so it is marked by sentence or as one replacement ("changed throughout").
   */
  diffCoarse: Type.Boolean(),
});

export const AmendmentsQuerySchema = Type.Object({
  blockId: Type.Optional(BlockIdSchema),
  status: Type.Optional(literals(AMENDMENT_STATUSES)),
});

export const NewAmendmentSchema = Type.Object(
  { blockId: BlockIdSchema, kind: literals(AMENDMENT_KINDS), text: Type.Optional(Type.String({ maxLength: MAX_AMENDMENT_CHARS })) },
  { additionalProperties: false },
);

/**
 * The body of an accept: none, or the paragraph's current text as the moderator saw it, to
 * accept over changes made since the amendment was proposed (M7).
 */
export const AmendmentAcceptSchema = nullable(
  Type.Object({ confirmText: Type.Optional(Type.String({ maxLength: MAX_BLOCK_CHARS })) }, { additionalProperties: false }),
);

export const AmendmentMergeSchema = Type.Object(
  {
    // Two ids; checked as an array of two (not a tuple), so a refusal reads as it always has.
    ids: Type.Unsafe<[number, number]>(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 2 })),
    text: Type.Optional(Type.String({ maxLength: MAX_AMENDMENT_CHARS })),
    kind: Type.Optional(literals(AMENDMENT_KINDS)),
  },
  { additionalProperties: false },
);

// ── comments ────────────────────────────────────────────────────────────────

/** A Yjs relative position (Y.encodeRelativePosition), base64: a few dozen bytes. */
const RelativePositionSchema = Type.String({ minLength: 4, maxLength: MAX_ANCHOR_POSITION_CHARS, pattern: '^[A-Za-z0-9+/]+={0,2}$' });

/** Where a comment on a phrase sits (C4): two positions in the paragraph's text that move with edits. */
export const PhraseAnchorSchema = Type.Object(
  { start: RelativePositionSchema, end: RelativePositionSchema },
  { additionalProperties: false },
);

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  /** The room: the server has always sent it with each comment. */
  docId: Type.String(),
  blockId: Type.String(),
  /** The first comment of the thread this one replies to; null for the first comment itself. */
  parentId: nullable(Type.Integer()),
  authorName: Type.String(),
  authorDelegation: Type.String(),
  text: Type.String(),
  createdAt: Type.String(),
  resolvedBy: StringOrNull,
  resolvedAt: StringOrNull,
  /**
   * The phrase the comment is on (C4), with its words as they were when it was written; null
   * for a comment on the whole paragraph, and for replies.
   */
  anchor: nullable(Type.Object({ start: Type.String(), end: Type.String(), quote: Type.String() })),
  /**
   * Whether the caller may resolve this thread (C3): its author (same invite and name), a
   * moderator or the adviser; always false for a reply. Worked out for each request.
   */
  canResolve: Type.Boolean(),
});

export const CommentsQuerySchema = Type.Object({ blockId: Type.Optional(BlockIdSchema) });

export const NewCommentSchema = Type.Object(
  {
    blockId: BlockIdSchema,
    text: Type.String({ minLength: 1, maxLength: MAX_COMMENT_CHARS }),
    parentId: Type.Optional(Type.Integer({ minimum: 1 })),
    /** A comment on a phrase of the paragraph (C4) rather than on all of it; not for replies. */
    anchor: Type.Optional(PhraseAnchorSchema),
  },
  { additionalProperties: false },
);

// ── readings (revisions) ────────────────────────────────────────────────────

export const NewRevisionSchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: MAX_REVISION_NOTE_CHARS })) },
  { additionalProperties: false },
);

export const RevisionSummarySchema = Type.Object({
  n: Type.Integer(),
  /** "Rev.3". */
  label: Type.String(),
  note: Type.String(),
  byName: Type.String(),
  createdAt: Type.String(),
  /** The revision this one was restored from, if it was made by a restore. */
  restoredFrom: nullable(Type.Integer()),
});

export const RevisionBlockSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  text: Type.String(),
  number: nullable(Type.Integer()),
  status: BlockStatusSchema,
  locked: Type.Boolean(),
});

/** A side of a comparison: a revision number or the live text. */
const TextRefSchema = Type.Union([Type.Integer(), Type.Literal('live')]);

export const CompareQuerySchema = Type.Object({
  from: Type.String({ pattern: TEXT_REF_PATTERN }),
  to: Type.String({ pattern: TEXT_REF_PATTERN }),
  /** With who wrote each character of the `to` side (U1, "show authors" in compare). */
  authors: Type.Optional(Type.Boolean()),
});

export const BlockComparisonSchema = Type.Object({
  id: Type.String(),
  change: oneOfStrings(BLOCK_CHANGES),
  /** The block as it stands in `from` (null when added) and in `to` (null when removed). */
  from: nullable(RevisionBlockSchema),
  to: nullable(RevisionBlockSchema),
  /** Word-level diff from `from` to `to`, for changed blocks only. */
  diff: nullable(Type.Array(DiffPartSchema)),
  /** True when `diff` is coarse (M5): by sentence or one replacement, as for an amendment. */
  diffCoarse: Type.Boolean(),
  /**
   * Asked for with `authors=true`: who wrote `to.text`, as runs of one Yjs client id (named by
   * GET …/authors) covering it in order; null for the '\n' between inner blocks and line breaks.
   */
  authors: Type.Optional(Type.Array(Type.Object({ clientId: nullable(Type.Integer()), length: Type.Integer() }))),
});

export const ComparisonSchema = Type.Object({
  from: Type.Object({ ref: TextRefSchema, label: Type.String() }),
  to: Type.Object({ ref: TextRefSchema, label: Type.String() }),
  counts: countsOf(BLOCK_CHANGES),
  /** In the order of `to`; a removed block stands after the block that preceded it in `from`. */
  blocks: Type.Array(BlockComparisonSchema),
});

// ── projector ───────────────────────────────────────────────────────────────

export const PresentingSchema = Type.Object({ blockId: StringOrNull, byName: StringOrNull, at: StringOrNull });

export const PresentingChangeSchema = Type.Object({ blockId: nullable(BlockIdSchema) }, { additionalProperties: false });

// ── silence procedure (issue 14, PROTOCOL.md Q1–Q3) ─────────────────────────

export const SILENCE_OUTCOMES = ['open', 'adopted', 'broken'] as const;

export const SilenceBreakSchema = Type.Object({
  delegation: Type.String(),
  byName: Type.String(),
  reason: Type.String(),
  at: Type.String(),
});

export const SilenceProcedureSchema = Type.Object({
  id: Type.Integer(),
  docId: Type.String(),
  /** The paragraph under silence, or null for the whole text. */
  blockId: StringOrNull,
  openedBy: Type.String(),
  openedAt: Type.String(),
  deadline: Type.String(),
  /** 'open' until the deadline; then 'adopted' when nobody broke silence, else 'broken'. */
  outcome: oneOfStrings(SILENCE_OUTCOMES),
  endedAt: StringOrNull,
  /** The delegations that broke silence, first break first, with their reasons. */
  breaks: Type.Array(SilenceBreakSchema),
});

/** Opening one (Q1): the paragraph, or null / absent for the whole text, and the deadline (ISO 8601 with a zone). */
export const SilenceOpenSchema = Type.Object(
  { blockId: Type.Optional(nullable(BlockIdSchema)), deadline: Type.String({ maxLength: 40 }) },
  { additionalProperties: false },
);

/** Breaking silence (Q2): the delegation's reason, required. */
export const SilenceBreakBodySchema = Type.Object(
  { reason: Type.String({ maxLength: MAX_LABEL_INPUT_CHARS }) },
  { additionalProperties: false },
);

// ── authorship (issue 14, PROTOCOL.md U1) ───────────────────────────────────

/** GET …/blocks/<blockId>/authors: who wrote the paragraph's text as it stands, most characters first. */
export const BlockAuthorsSchema = Type.Object({
  blockId: Type.String(),
  authors: Type.Array(Type.Object({ name: Type.String(), delegation: Type.String(), chars: Type.Integer() })),
  /** Characters written under client ids the room has no record of (text from before authorship was kept). */
  unknownChars: Type.Integer(),
});

/** GET …/authors: whose each Yjs client id of the room is, for colouring the text by author (U1). */
export const ClientAuthorSchema = Type.Object({
  clientId: Type.Integer(),
  name: Type.String(),
  delegation: Type.String(),
  /** The person's presence colour; the server's own writing is grey. */
  color: Type.String(),
  /**
   * When this id wrote (U2): from each `clock` on, its characters were written at `at` (to the
   * minute), oldest first; at least one, unless asked only for marks from a time (`marksFrom`).
   */
  since: Type.Array(Type.Object({ clock: Type.Integer(), at: Type.String() })),
});

/** GET …/authors?marksFrom=<ISO time>: only the time marks made from then on (U2), for a page that holds the older ones. */
export const AuthorsQuerySchema = Type.Object({ marksFrom: Type.Optional(Type.String({ maxLength: 40 })) });

/** GET …/edits: a person's stretch of editing of one paragraph (U3), for the activity log. */
export const EditStretchSchema = Type.Object({
  blockId: Type.String(),
  name: Type.String(),
  delegation: Type.String(),
  firstAt: Type.String(),
  lastAt: Type.String(),
  /** Changes the person made there in the stretch (their edits as the server received them, a burst of keys often one). */
  changes: Type.Integer(),
});

export const EditsQuerySchema = Type.Object({ blockId: Type.Optional(Type.String({ maxLength: 64 })) });
