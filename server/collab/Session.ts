/** Who is on the other end of a connection or request, as the server established it. */
import type { InviteScope } from '../../shared/projectorLink.js';
import type { Role } from '../../shared/roles.js';
import { colourFor as sharedColourFor } from '../../shared/presence.js';

export interface Session {
  docId: string;
  inviteId: string;
  role: Role;
  name: string;
  delegation: string;
  /**
   * True when `delegation` is only what a role-link holder typed: shown as such, never acted
   * on (PROTOCOL.md N2). A delegation an invite names is not self-declared.
   */
  delegationSelfDeclared?: boolean;
  /** Epoch milliseconds when the invite expires, or null. */
  expiresAt: number | null;
  /** 'projector' for a projector-only link (server/auth/inviteScope.ts); absent or 'room' for the room. */
  scope?: InviteScope;
}

/** A stable colour for a person, so their caret keeps its colour across reconnects. */
export function colourFor(session: Pick<Session, 'inviteId' | 'name'>): string {
  return sharedColourFor(session.inviteId, session.name);
}

/** Who a person is across reconnects: their invite and the name they gave. */
export function identityKey(session: Pick<Session, 'inviteId' | 'name'>): string {
  return `${session.inviteId}\u0000${session.name}`;
}
