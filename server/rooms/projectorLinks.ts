/**
 * Projector-only links (PROTOCOL.md P2): invites whose scope is the projector page, issued,
 * signed again and revoked through the same records and tokens as every invite, so expiry,
 * revocation and the close of open sessions work for them unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { ProjectorLink } from '../../shared/projectorLink.js';
import type { Store } from '../store/Store.js';
import type { InviteIssuer } from './invites.js';

/** A projector link carries the observer's role: read-only at the server even without its scope. */
const PROJECTOR_ROLE = 'observer';

/** Issues a projector-only link for room `docId`, expiring after `expiresInSeconds` if given. */
export async function issueProjectorLink(
  store: Store,
  invites: InviteIssuer,
  docId: string,
  expiresInSeconds?: number,
): Promise<ProjectorLink> {
  const now = Date.now();
  const expiresAt = expiresInSeconds ? new Date((Math.floor(now / 1000) + expiresInSeconds) * 1000).toISOString() : null;
  const invite = { id: randomUUID(), docId, role: PROJECTOR_ROLE, name: null, delegation: null, expiresAt, scope: 'projector' } as const;
  const token = await invites.token(invite);
  const createdAt = new Date(now).toISOString();
  store.createInvite({ ...invite, createdAt });
  return { id: invite.id, url: invites.projectorUrl(docId, token), token, createdAt, expiresAt };
}

/** The room's projector links that still open, newest first, each signed again. */
export async function activeProjectorLinks(store: Store, invites: InviteIssuer, docId: string): Promise<ProjectorLink[]> {
  const now = Date.now();
  const active = store
    .listInvites(docId)
    .filter(
      (invite) =>
        invite.scope === 'projector' && invite.revokedAt === null && (invite.expiresAt === null || Date.parse(invite.expiresAt) > now),
    )
    .reverse();
  return Promise.all(
    active.map(async (invite) => {
      const token = await invites.token(invite);
      return { id: invite.id, url: invites.projectorUrl(docId, token), token, createdAt: invite.createdAt, expiresAt: invite.expiresAt };
    }),
  );
}
