/**
 * The HTTP API's JSON for rooms, invites, sessions, locks, the activity log and exports:
 * what the server returns and accepts, and what the client reads and sends. The server's
 * stored records extend these (adding the room's `docId`); the workflow's shapes are in
 * workflow.ts.
 */
import type { InviteListProblem } from './inviteList.js';
import type { InviteScope } from './projectorLink.js';
import type { Role } from './roles.js';
import type { TextLanguage } from './textLanguages.js';

// ── session and rooms ───────────────────────────────────────────────────────

/** GET /api/session for an invite token. `name` null means a role link: ask for a name. */
export interface SessionInfo {
  docId: string;
  title: string;
  role: Role;
  name: string | null;
  delegation: string | null;
  inviteId: string;
  expiresAt: string | null;
  /** The colour the server gives this person's caret and presence (shared/presence.ts). */
  color: string;
  /** The room's working language (shared/textLanguages.ts): the editor's `lang`, the exports' "Original: …". */
  language: TextLanguage;
  /** The room's IANA time zone, in which its dates are shown. */
  timeZone: string;
}

/** GET /api/session for the admin token. */
export interface AdminSessionInfo {
  role: 'admin';
}

/** GET /api/documents/<docId>. */
export interface DocumentInfo {
  id: string;
  title: string;
  createdAt: string;
  language: TextLanguage;
  timeZone: string;
}

/** POST /api/documents body. */
export interface NewDocument {
  title: string;
  /** The room's working language; English when not given. */
  language?: TextLanguage;
  /** An IANA time zone; the server's ROOM_TIME_ZONE (else Europe/Vienna) when not given. */
  timeZone?: string;
}

/** PATCH /api/documents/<docId> body (adviser or admin): what changes; what is left out stays. */
export interface RoomSettingsChange {
  language?: TextLanguage;
  timeZone?: string;
}

/** POST /api/documents: the room and one invite per role. */
export interface CreatedDocument {
  id: string;
  title: string;
  language: TextLanguage;
  timeZone: string;
  invites: Record<Role, CreatedInvite>;
}

// ── invites ─────────────────────────────────────────────────────────────────

/** POST /api/documents/<docId>/invites body. */
export interface NewInvite {
  role: Role;
  name?: string;
  delegation?: string;
  expiresInSeconds?: number;
}

/** An invite as created (the only time its token is shown). */
export interface CreatedInvite {
  id: string;
  role: Role;
  name: string | null;
  delegation: string | null;
  expiresAt: string | null;
  token: string;
  url: string;
}

/** GET /api/documents/<docId>/invites: one invite, without its token. */
export interface InviteInfo {
  id: string;
  role: Role;
  /** Name and delegation fixed by a named invite; null for a role link (asked on join). */
  name: string | null;
  delegation: string | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  firstUsedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
  /** 'projector' for a projector-only link (PROTOCOL.md P2); 'room' otherwise. */
  scope?: InviteScope;
}

/** DELETE /api/documents/<docId>/invites/<inviteId>. */
export interface RevokedInvite {
  id: string;
  revokedAt: string;
}

// ── locks and the activity log ──────────────────────────────────────────────

/** POST …/blocks/<blockId>/lock and /unlock: the block's lock as it now stands. */
export interface LockState {
  id: string;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
}

/** GET /api/documents/<docId>/locks: one lock or unlock in the room's history. */
export interface LockEvent {
  id: number;
  blockId: string;
  action: 'lock' | 'unlock';
  byName: string;
  byDelegation: string;
  at: string;
  /** The block's text at that moment, so the audit shows what was agreed. */
  text: string;
}

/** GET /api/documents/<docId>/activity: one entry of the room's log. `detail` depends on `kind`. */
export interface ActivityEntry {
  id: number;
  kind: string;
  byName: string;
  at: string;
  blockId: string | null;
  detail: Record<string, unknown> | null;
}

// ── export ──────────────────────────────────────────────────────────────────

/** GET …/export?format=: the file formats. */
export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET …/export?variant=: which blocks an export holds (server/export/variants.ts). */
export const EXPORT_VARIANTS = ['agreed', 'clean', 'marked'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

// ── invites for the delegations, and links copied again (PROTOCOL.md N3) ─────

/** POST /api/documents/<docId>/invites/batch body: one invite per non-empty line of `list` (shared/inviteList.ts). */
export interface NewInviteBatch {
  list: string;
  /** The role of every invite of the list; expert when not given. */
  role?: Role;
  expiresInSeconds?: number;
}

/** POST …/invites/batch: the invites issued, each with its line, and the lines that issued none. */
export interface CreatedInviteBatch {
  invites: Array<CreatedInvite & { line: number }>;
  errors: InviteListProblem[];
}
