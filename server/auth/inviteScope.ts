/**
 * What an invite's scope lets its holder do beyond its role, and what it is sent (PROTOCOL.md
 * P2–P6). A projector-only link is shown as a QR code on the hall's screen, so anyone who
 * photographs it holds it: it may follow the projector and nothing else, whatever role it
 * carries, and it is sent only what the projector page shows.
 */
import { can, type Permission } from '../../shared/roles.js';
import type { ServerNotice } from '../../shared/protocol.js';
import type { Session } from '../collab/Session.js';

const PROJECTOR_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['follow-projector']);

/** Room events a projector is sent: which paragraph is presented, and nothing of who did what (P6). */
const PROJECTOR_ROOM_EVENTS: ReadonlySet<string> = new Set(['presenting']);

/** True when the session may do `permission`: its role allows it, and so does its invite's scope. */
export function sessionCan(session: Pick<Session, 'role' | 'scope'>, permission: Permission): boolean {
  if (!can(session.role, permission)) return false;
  return session.scope !== 'projector' || PROJECTOR_PERMISSIONS.has(permission);
}

/** False for a projector: it has no presence, so nothing it publishes is kept or relayed (P3). */
export function publishesPresence(session: Pick<Session, 'scope'>): boolean {
  return session.scope !== 'projector';
}

/** False for a projector: it is sent nobody's presence, not even in answer to a query (P6). */
export function receivesPresence(session: Pick<Session, 'scope'>): boolean {
  return session.scope !== 'projector';
}

/**
 * True when a notice for the whole room (Room.announce) may reach the session: everything for
 * the room, for a projector only whether the room saves and which paragraph is presented (P6).
 * Notices about a connection's own change (refusals) are the sender's and always reach it.
 */
export function receivesRoomNotice(session: Pick<Session, 'scope'>, notice: ServerNotice): boolean {
  if (session.scope !== 'projector') return true;
  if (notice.type === 'saving') return true;
  return notice.type === 'room-event' && PROJECTOR_ROOM_EVENTS.has(notice.event.kind);
}
