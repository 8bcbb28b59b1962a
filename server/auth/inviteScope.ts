/**
 * What an invite's scope lets its holder do beyond its role (PROTOCOL.md P2–P4). A
 * projector-only link is shown as a QR code on the hall's screen, so anyone who photographs
 * it holds it: it may follow the projector and nothing else, whatever role it carries.
 */
import { can, type Permission } from '../../shared/roles.js';
import type { Session } from '../collab/Session.js';

const PROJECTOR_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['follow-projector']);

/** True when the session may do `permission`: its role allows it, and so does its invite's scope. */
export function sessionCan(session: Pick<Session, 'role' | 'scope'>, permission: Permission): boolean {
  if (!can(session.role, permission)) return false;
  return session.scope !== 'projector' || PROJECTOR_PERMISSIONS.has(permission);
}

/** False for a projector: it has no presence, so nothing it publishes is kept or relayed (P3). */
export function publishesPresence(session: Pick<Session, 'scope'>): boolean {
  return session.scope !== 'projector';
}
