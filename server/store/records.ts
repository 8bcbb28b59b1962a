/** Row shapes of the store, as the rest of the server sees them. */
import type { Role } from '../../shared/roles.js';

export interface DocumentRecord {
  id: string;
  title: string;
  createdAt: string;
}

export interface InviteRecord {
  id: string;
  docId: string;
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
}

export interface LockEvent {
  id: number;
  docId: string;
  blockId: string;
  action: 'lock' | 'unlock';
  byName: string;
  byDelegation: string;
  at: string;
  /** The block's text at that moment, so the audit shows what was agreed. */
  text: string;
}

export interface ActivityRecord {
  id: number;
  docId: string;
  kind: string;
  byName: string;
  at: string;
  blockId: string | null;
  /** JSON text with kind-specific details. */
  detail: string | null;
}
