/** Shapes of the server's HTTP answers, as the client reads them. */
import type { Role } from '../../shared/roles';

/** GET /api/session: who this token is. `name` null means a role link: ask for a name. */
export interface SessionInfo {
  docId: string;
  title: string;
  role: Role;
  name: string | null;
  delegation: string | null;
  inviteId: string;
  expiresAt: string | null;
}

/** An invite as created (the only time its token is shown). */
export interface CreatedInvite {
  id: string;
  role: Role;
  token: string;
  url: string;
}

/** POST /api/documents. */
export interface CreatedDocument {
  id: string;
  title: string;
  invites: Record<Role, CreatedInvite>;
}

/** GET /api/documents/<docId>/invites: invites without their tokens. */
export interface InviteRecord {
  id: string;
  role: Role;
  name: string | null;
  delegation: string | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  firstUsedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
}

/** POST /api/documents/<docId>/invites body. */
export interface NewInvite {
  role: Role;
  name?: string;
  delegation?: string;
  expiresInSeconds?: number;
}

/** POST …/blocks/<blockId>/lock and /unlock. */
export interface LockResult {
  id: string;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
}

/** GET /api/documents/<docId>/locks: one lock or unlock in the room's history. */
export interface LockEvent {
  id: string;
  blockId: string;
  action: 'lock' | 'unlock';
  byName: string;
  byDelegation: string | null;
  at: string;
  text: string;
}

export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
