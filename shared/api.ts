/**
 * The HTTP API's JSON for rooms, invites, sessions, locks, the activity log and exports:
 * what the server returns and accepts, and what the client reads and sends. Each type is
 * derived from its TypeBox schema in apiSchemas.ts, which the server validates requests and
 * serializes responses with; the workflow's shapes are in workflow.ts.
 */
import type { Static } from 'typebox';
import type * as S from './apiSchemas.js';

// ── session and rooms ───────────────────────────────────────────────────────

/** GET /api/session for an invite token. `name` null means a role link: ask for a name. */
export type SessionInfo = Static<typeof S.SessionInfoSchema>;

/** GET /api/session for the admin token. */
export type AdminSessionInfo = Static<typeof S.AdminSessionInfoSchema>;

/** GET /api/documents/<docId>, and PATCH /api/documents/<docId>. */
export type DocumentInfo = Static<typeof S.DocumentInfoSchema>;

/** POST /api/documents body: a title, and the room's language and time zone if not the defaults. */
export type NewDocument = Static<typeof S.NewDocumentSchema>;

/** PATCH /api/documents/<docId> body (adviser or admin): what changes; what is left out stays. */
export type RoomSettingsChange = Static<typeof S.RoomSettingsChangeSchema>;

/** POST /api/documents: the room and one invite per role. */
export type CreatedDocument = Static<typeof S.CreatedDocumentSchema>;

// ── invites ─────────────────────────────────────────────────────────────────

/** POST /api/documents/<docId>/invites body. */
export type NewInvite = Static<typeof S.NewInviteSchema>;

/** An invite as created (the only time its token is shown), or its link copied again. */
export type CreatedInvite = Static<typeof S.CreatedInviteSchema>;

/** GET /api/documents/<docId>/invites: one invite, without its token. */
export type InviteInfo = Static<typeof S.InviteInfoSchema>;

/** DELETE /api/documents/<docId>/invites/<inviteId>. */
export type RevokedInvite = Static<typeof S.RevokedInviteSchema>;

// ── locks and the activity log ──────────────────────────────────────────────

/** POST …/blocks/<blockId>/lock and /unlock: the block's lock as it now stands. */
export type LockState = Static<typeof S.LockStateSchema>;

/** GET /api/documents/<docId>/locks: one lock or unlock in the room's history. */
export type LockEvent = Static<typeof S.LockEventSchema>;

/** GET /api/documents/<docId>/activity: one entry of the room's log. `detail` depends on `kind`. */
export type ActivityEntry = Static<typeof S.ActivityEntrySchema>;

// ── export ──────────────────────────────────────────────────────────────────

/** GET …/export?format=: the file formats. */
export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET …/export?variant=: which blocks an export holds (server/export/variants.ts). */
export const EXPORT_VARIANTS = ['agreed', 'clean', 'marked'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

// ── invites for the delegations, and links copied again (PROTOCOL.md N3) ─────

/** POST /api/documents/<docId>/invites/batch body: one invite per non-empty line of `list` (shared/inviteList.ts). */
export type NewInviteBatch = Static<typeof S.NewInviteBatchSchema>;

/** POST …/invites/batch: the invites issued, each with its line, and the lines that issued none. */
export type CreatedInviteBatch = Static<typeof S.CreatedInviteBatchSchema>;
