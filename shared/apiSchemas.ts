/**
 * The HTTP API's JSON as TypeBox schemas, for rooms, sessions, invites, projector links,
 * blocks and locks, the activity log, exports and errors (the workflow's are in
 * workflowSchemas.ts). The server validates requests and serializes responses with them;
 * shared/api.ts derives the types the client and the server use from them (`Static`), with
 * type-only imports, so the client bundle never holds TypeBox.
 *
 * Request schemas bound what may come in (the handlers and the shared rules judge the rest);
 * response schemas list every field a route sends: Fastify serializes a response through its
 * schema and leaves out any property the schema does not name.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { EXPORT_FORMATS, EXPORT_VARIANTS } from './api.js';
import { BLOCK_STATUSES } from './blocks.js';
import { EDIT_MODES } from './editMode.js';
import type { BlockSummary } from './blocks.js';
import type { InviteListProblem } from './inviteList.js';
import type { LabelRefusal } from './labels.js';
import { MAX_INVITE_BATCH_LINES, MAX_LABEL_INPUT_CHARS } from './limits.js';
import { ErrorCode, type ErrorBody, type ErrorCodeValue } from './protocol.js';
import { ROLES } from './roles.js';
import { TEXT_LANGUAGES } from './textLanguages.js';

// ── helpers ─────────────────────────────────────────────────────────────────

/**
 * A request field accepting exactly one of `values` (a union of literals), e.g. ROLES or
 * EXPORT_FORMATS. Requests are checked with it so a refusal names each allowed value.
 */
export const literals = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((value) => Type.Literal(value))));

/**
 * A response field holding one of `values`: a string listing them (`enum`), which the
 * serializer writes as it is, without checking it against the list.
 */
export const oneOfStrings = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** `schema` or null. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A nullable string: most names, delegations and dates of the API. */
const StringOrNull = nullable(Type.String());

/** The raw bound of a language tag or zone name, read before it is checked against the list or Intl. */
const SETTING_INPUT_CHARS = 100;

/** An invite's lifetime, from one second to a year. */
const ExpiresInSeconds = Type.Integer({ minimum: 1, maximum: 60 * 60 * 24 * 365 });

const RoleSchema = oneOfStrings(ROLES);
const TextLanguageSchema = oneOfStrings(TEXT_LANGUAGES);
const EditModeSchema = oneOfStrings(EDIT_MODES);

// ── errors ──────────────────────────────────────────────────────────────────

/**
 * Every HTTP error (`ErrorBody` in protocol.ts): a stable code, a message in English for raw
 * clients, and the values some codes carry beside them (`ErrorFields`), for a client to word
 * the error itself.
 */
export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.Unsafe<ErrorCodeValue>(Type.String()),
    message: Type.String(),
    /** The block the refused action concerned. */
    blockId: Type.Optional(Type.String()),
    /** Who locked it, when the error is E_LOCKED and the lock names someone. */
    lockedBy: Type.Optional(Type.String()),
    /** E_BASE_CHANGED: the paragraph's text when the amendment was proposed, and now (M7). */
    baseText: Type.Optional(Type.String()),
    liveText: Type.Optional(Type.String()),
    /** E_BASE_CHANGED of an undo (M10): the text the undo would put back. */
    restoreText: Type.Optional(Type.String()),
  }),
});

/** The error answers of a route, for its response schema: every 4xx and 5xx is an ErrorBody. */
export const ERROR_RESPONSES = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

// ── path parameters ─────────────────────────────────────────────────────────

export const DocParamsSchema = Type.Object({ docId: Type.String() });
export const BlockParamsSchema = Type.Object({ docId: Type.String(), blockId: Type.String() });
export const InviteParamsSchema = Type.Object({ docId: Type.String(), inviteId: Type.String() });

// ── session and rooms ───────────────────────────────────────────────────────

export const SessionInfoSchema = Type.Object({
  docId: Type.String(),
  title: Type.String(),
  role: RoleSchema,
  // Null for a role link: the client asks for a name.
  name: StringOrNull,
  delegation: StringOrNull,
  inviteId: Type.String(),
  expiresAt: StringOrNull,
  /** The colour the server gives this person's caret and presence (shared/presence.ts). */
  color: Type.String(),
  /** The room's working language (shared/textLanguages.ts): the editor's `lang`, the exports' "Original: …". */
  language: TextLanguageSchema,
  /** The room's IANA time zone, in which its dates are shown. */
  timeZone: Type.String(),
  /** Whether everyone who may edit types into the text, or only the chair's team (shared/editMode.ts). */
  editMode: EditModeSchema,
});

export const AdminSessionInfoSchema = Type.Object({ role: Type.Literal('admin') });

export const DocumentInfoSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  createdAt: Type.String(),
  language: TextLanguageSchema,
  timeZone: Type.String(),
  editMode: EditModeSchema,
});

// Raw lengths only bound the request; the shared label rule (N1) cleans and judges the title,
// and the server checks the language against its list and the zone with Intl (400 otherwise).
export const NewDocumentSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS }),
  /** The room's working language (a tag of TEXT_LANGUAGES); English when not given. */
  language: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
  /** An IANA time zone; the server's ROOM_TIME_ZONE (else Europe/Vienna) when not given. */
  timeZone: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
});

export const RoomSettingsChangeSchema = Type.Object({
  language: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
  timeZone: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
  editMode: Type.Optional(EditModeSchema),
});

// ── invites ─────────────────────────────────────────────────────────────────

// Raw lengths only bound the request; the shared label rule (N1) cleans and judges the rest.
export const NewInviteSchema = Type.Object(
  {
    role: literals(ROLES),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS })),
    delegation: Type.Optional(Type.String({ maxLength: MAX_LABEL_INPUT_CHARS })),
    expiresInSeconds: Type.Optional(ExpiresInSeconds),
  },
  { additionalProperties: false },
);

export const CreatedInviteSchema = Type.Object({
  id: Type.String(),
  role: RoleSchema,
  name: StringOrNull,
  delegation: StringOrNull,
  expiresAt: StringOrNull,
  token: Type.String(),
  url: Type.String(),
});

/** What an imported draft may lose (I6). */
export const DROPPED_KINDS = ['images', 'tables', 'footnotes', 'code', 'rules'] as const;

export const CreatedDocumentSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  language: TextLanguageSchema,
  timeZone: Type.String(),
  invites: Type.Object({
    adviser: CreatedInviteSchema,
    moderator: CreatedInviteSchema,
    expert: CreatedInviteSchema,
    observer: CreatedInviteSchema,
  }),
  /** A room made from a draft (I6): its format, what was not kept, and how many paragraph numbers the margin took over. */
  imported: Type.Optional(
    Type.Object({
      format: oneOfStrings(['docx', 'md', 'html'] as const),
      /** What the document schema has no place for, by kind; a table's and a code passage's text is kept as paragraphs. */
      dropped: Type.Array(Type.Object({ kind: oneOfStrings(DROPPED_KINDS), count: Type.Integer() })),
      renumbered: Type.Integer(),
    }),
  ),
});

/**
 * POST /api/documents as multipart/form-data (I6): the fields of NewDocumentSchema, the draft
 * as the part `file`, and optionally its `format` (found from its first bytes when absent).
 */
export const NewDocumentUploadSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: MAX_LABEL_INPUT_CHARS }),
  language: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
  timeZone: Type.Optional(Type.String({ maxLength: SETTING_INPUT_CHARS })),
  format: Type.Optional(oneOfStrings(['docx', 'md', 'html'] as const)),
  /** The file's bytes, as the multipart parser hands them over; checked to be bytes by the route. */
  file: Type.Optional(Type.Unknown()),
});

export const InviteInfoSchema = Type.Object({
  id: Type.String(),
  /** The room: the server has always sent it with each invite of the list. */
  docId: Type.String(),
  role: RoleSchema,
  /** Name and delegation fixed by a named invite; null for a role link (asked on join). */
  name: StringOrNull,
  delegation: StringOrNull,
  expiresAt: StringOrNull,
  createdAt: Type.String(),
  revokedAt: StringOrNull,
  firstUsedAt: StringOrNull,
  lastUsedAt: StringOrNull,
  uses: Type.Integer(),
  /** 'projector' for a projector-only link (PROTOCOL.md P2); 'room' otherwise. */
  scope: Type.Optional(oneOfStrings(['room', 'projector'] as const)),
});

export const RevokedInviteSchema = Type.Object({ id: Type.String(), revokedAt: Type.String() });

export const NewInviteBatchSchema = Type.Object(
  {
    list: Type.String({ minLength: 1, maxLength: MAX_INVITE_BATCH_LINES * 500 }),
    /** The role of every invite of the list; expert when not given. */
    role: Type.Optional(literals(ROLES)),
    expiresInSeconds: Type.Optional(ExpiresInSeconds),
  },
  { additionalProperties: false },
);

const LabelKindSchema = oneOfStrings(['name', 'delegation', 'title'] as const);

/** Which rule refused a label (`LabelRefusal` in labels.ts), for a client to word it in its own language. */
export const LabelRefusalSchema = Type.Union([
  Type.Object({ rule: Type.Literal('too-long'), kind: LabelKindSchema, max: Type.Integer(), length: Type.Integer() }),
  Type.Object({ rule: Type.Literal('no-letter'), kind: LabelKindSchema }),
  Type.Object({ rule: Type.Literal('brackets'), kind: LabelKindSchema }),
  Type.Object({ rule: Type.Literal('reserved'), kind: LabelKindSchema, reserved: Type.String() }),
]);

/** A line of a pasted list that made no invite, and why (`InviteListProblem` in inviteList.ts). */
export const InviteListProblemSchema = Type.Object({
  line: Type.Integer(),
  text: Type.String(),
  code: oneOfStrings([ErrorCode.labelRefused, ErrorCode.duplicate, ErrorCode.badRequest] as const),
  message: Type.String(),
  refusal: Type.Optional(LabelRefusalSchema),
  sameAsLine: Type.Optional(Type.Integer()),
  inviteId: Type.Optional(Type.String()),
});

export const CreatedInviteBatchSchema = Type.Object({
  invites: Type.Array(Type.Object({ ...CreatedInviteSchema.properties, line: Type.Integer() })),
  errors: Type.Array(InviteListProblemSchema),
});

// ── projector-only links (PROTOCOL.md P2–P4) ────────────────────────────────

export const NewProjectorLinkSchema = Type.Object({ expiresInSeconds: Type.Optional(ExpiresInSeconds) }, { additionalProperties: false });

export const ProjectorLinkSchema = Type.Object({
  id: Type.String(),
  /** `<PUBLIC_URL>/d/<docId>/projector#token=…` */
  url: Type.String(),
  token: Type.String(),
  createdAt: Type.String(),
  expiresAt: StringOrNull,
});

// ── blocks, locks and the activity log ──────────────────────────────────────

/** GET …/blocks: one block (`BlockSummary` in blocks.ts). */
export const BlockSummarySchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  text: Type.String(),
  locked: Type.Boolean(),
  lockedBy: StringOrNull,
  lockedAt: StringOrNull,
  number: nullable(Type.Integer()),
  level: Type.Optional(nullable(Type.Integer())),
  status: oneOfStrings(BLOCK_STATUSES),
});

export const LockStateSchema = Type.Object({
  id: Type.String(),
  locked: Type.Boolean(),
  lockedBy: StringOrNull,
  lockedAt: StringOrNull,
});

export const LockEventSchema = Type.Object({
  id: Type.Integer(),
  /** The room: the server has always sent it with each entry. */
  docId: Type.String(),
  blockId: Type.String(),
  action: oneOfStrings(['lock', 'unlock'] as const),
  byName: Type.String(),
  byDelegation: Type.String(),
  at: Type.String(),
  /** The block's text at that moment, so the audit shows what was agreed. */
  text: Type.String(),
  /** Why it was unlocked, as the moderator gave it (M9); null for a lock, or an unlock without one. */
  reason: StringOrNull,
});

/**
 * The body of an unlock or a rejection: none, or the reason for the record (M9), at most
 * MAX_LABEL_INPUT_CHARS before cleaning (shared/decisionReason.ts bounds it after).
 */
export const DecisionReasonSchema = nullable(
  Type.Object({ reason: Type.Optional(Type.String({ maxLength: MAX_LABEL_INPUT_CHARS })) }, { additionalProperties: false }),
);

export const LockEventsQuerySchema = Type.Object({ blockId: Type.Optional(Type.String()) });

export const ActivityEntrySchema = Type.Object({
  id: Type.Integer(),
  /** The room: the server has always sent it with each entry. */
  docId: Type.String(),
  kind: Type.String(),
  byName: Type.String(),
  at: Type.String(),
  blockId: StringOrNull,
  /** Depends on `kind`; written as it was recorded. */
  detail: nullable(Type.Record(Type.String(), Type.Unknown())),
});

// ── export ──────────────────────────────────────────────────────────────────

export const ExportQuerySchema = Type.Object({
  format: literals(EXPORT_FORMATS),
  variant: Type.Optional(literals(EXPORT_VARIANTS)),
  revision: Type.Optional(Type.Integer({ minimum: 1 })),
});

// ── types kept beside their rules, checked against their schemas ────────────

/** True when A and B are the same type, optional properties included. */
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
/** T with its intersections merged, at every depth, so that only what it holds counts. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Expect<T extends true> = T;

/**
 * ErrorBody, BlockSummary, LabelRefusal and InviteListProblem are declared beside the code
 * that makes them (protocol.ts, blocks.ts, labels.ts, inviteList.ts); typechecking fails here
 * if a schema drifts from them, since a field its schema lacks would never reach a client.
 */
export type SchemasMatchTheirTypes = [
  Expect<Same<Static<typeof ErrorBodySchema>, ErrorBody>>,
  Expect<Same<Static<typeof BlockSummarySchema>, BlockSummary>>,
  Expect<Same<Static<typeof LabelRefusalSchema>, LabelRefusal>>,
  Expect<Same<Static<typeof InviteListProblemSchema>, InviteListProblem>>,
];
