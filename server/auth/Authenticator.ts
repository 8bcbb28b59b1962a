/**
 * Turns a token into who is asking, for websockets and HTTP alike: the admin, or a
 * session from an invite (checked for signature, expiry, revocation and room).
 */
import { checkLabel, cleanLabel, type LabelKind } from '../../shared/labels.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError as AuthError } from '../ApiError.js';
import { can, type Permission } from '../../shared/roles.js';
import type { Store } from '../store/Store.js';
import type { Actor } from '../collab/lockActions.js';
import type { Session } from '../collab/Session.js';
import { isAdminToken, type AdminToken } from './adminToken.js';
import { sessionCan } from './inviteScope.js';
import type { TokenSigner } from './tokens.js';

/** Who is calling: the admin (admin token) or a person with an invite's session. */
export type Caller = { kind: 'admin' } | { kind: 'invite'; session: Session };

/** Why a token does not let its holder in: 401 (missing, forged, expired) or 403 (revoked, other room, role). */
export { ApiError as AuthError } from '../ApiError.js';

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly admin: AdminToken,
  ) {}

  /**
   * Who holds `token`; throws AuthError (401) for a missing, forged, expired token, 403 for a
   * revoked one, 400 when a role-link holder's own name or delegation is refused (N1). A
   * named invite's name and delegation come from the invite and `identity` is ignored; a
   * role link's come from `identity`, and its delegation is marked self-declared (N2).
   */
  async identify(token: string | undefined, identity?: { name?: string; delegation?: string }): Promise<Caller> {
    if (!token) throw new AuthError(401, ErrorCode.tokenMissing, 'expected a token (Authorization: Bearer … or ?token=…), got none');
    if (isAdminToken(token, this.admin)) return { kind: 'admin' };
    const check = await this.signer.verify(token);
    if (!check.ok) {
      if (check.problem === 'expired') throw new AuthError(401, ErrorCode.tokenExpired, 'the invitation has expired');
      throw new AuthError(401, ErrorCode.tokenInvalid, 'expected a token issued by this server, got one that does not verify');
    }
    const invite = this.store.getInvite(check.claims.inviteId);
    if (invite === null || invite.docId !== check.claims.docId || invite.role !== check.claims.role) {
      throw new AuthError(401, ErrorCode.tokenInvalid, 'the token names an invitation this server does not know');
    }
    if (invite.revokedAt !== null) throw new AuthError(403, ErrorCode.tokenRevoked, 'the invitation was revoked');
    const expiresAt = invite.expiresAt ? Date.parse(invite.expiresAt) : null;
    if (expiresAt !== null && expiresAt <= Date.now()) throw new AuthError(401, ErrorCode.tokenExpired, 'the invitation has expired');
    if (invite.scope === 'projector') {
      // A screen, not a person: it names nobody, whatever its URL says.
      return {
        kind: 'invite',
        session: {
          docId: invite.docId,
          inviteId: invite.id,
          role: invite.role,
          name: 'Projector',
          delegation: '',
          expiresAt,
          scope: 'projector',
        },
      };
    }
    // Stored labels are cleaned again on the way out: invites issued before N1 may hold bidi controls.
    const name = invite.name !== null ? cleanLabel(invite.name) : declaredLabel(identity?.name, 'name');
    const delegation = invite.delegation !== null ? cleanLabel(invite.delegation) : declaredLabel(identity?.delegation, 'delegation');
    return {
      kind: 'invite',
      session: {
        docId: invite.docId,
        inviteId: invite.id,
        role: invite.role,
        name: name || 'Guest',
        delegation,
        delegationSelfDeclared: invite.delegation === null && delegation !== '',
        expiresAt,
      },
    };
  }

  /** The caller, if they may do `permission` in room `docId`; throws AuthError otherwise. */
  async authorize(
    token: string | undefined,
    docId: string,
    permission: Permission,
    identity?: { name?: string; delegation?: string },
  ): Promise<Caller> {
    const caller = await this.identify(token, identity);
    if (caller.kind === 'admin') {
      if (this.store.getDocument(docId) === null) throw new AuthError(404, ErrorCode.notFound, `no room with id ${docId}`);
      return caller;
    }
    if (caller.session.docId !== docId) throw new AuthError(403, ErrorCode.otherRoom, 'the token is for another room');
    if (!can(caller.session.role, permission)) {
      throw new AuthError(403, ErrorCode.forbidden, `expected a role that may ${permission}, got ${caller.session.role}`);
    }
    if (!sessionCan(caller.session, permission)) {
      throw new AuthError(
        403,
        ErrorCode.forbidden,
        `expected an invite that may ${permission}, got a projector-only link (it shows the text and nothing else)`,
      );
    }
    return caller;
  }

  /** Re-checks an open session: null while it stands, else why it ended. */
  recheck(session: Session): AuthError | null {
    return this.recheckAll([session]).get(session.inviteId) ?? null;
  }

  /**
   * Re-checks open sessions, one per invite, with one read of the store for all of them (on
   * PostgreSQL a read is a round trip the server waits for: one per invite, every half second,
   * stalled a room of a thousand named invites). Returns why each ended, by invite; an invite
   * whose sessions stand is absent.
   */
  recheckAll(sessions: Session[]): Map<string, AuthError> {
    const revoked = new Set(this.store.revokedInvites(sessions.map((session) => session.inviteId)));
    const ended = new Map<string, AuthError>();
    for (const session of sessions) {
      if (revoked.has(session.inviteId))
        ended.set(session.inviteId, new AuthError(403, ErrorCode.tokenRevoked, 'the invitation was revoked'));
      else if (session.expiresAt !== null && session.expiresAt <= Date.now())
        ended.set(session.inviteId, new AuthError(401, ErrorCode.tokenExpired, 'the invitation has expired'));
    }
    return ended;
  }
}

/**
 * A role-link holder's own name or delegation (websocket parameters, x-draftroom-* headers):
 * cleaned, or refused with 400 as the shared rule says (N1); '' when not given.
 */
function declaredLabel(value: string | undefined, kind: LabelKind): string {
  if (typeof value !== 'string') return '';
  const check = checkLabel(value, kind);
  if (!check.ok) throw new AuthError(400, ErrorCode.labelRefused, `the ${kind} was refused: ${check.problem}`);
  return check.value;
}

/**
 * Who did something, for audit records. A delegation appears only when an invite names it
 * (N2): a role-link holder's self-declared delegation never enters the record, so nobody
 * acts for a delegation by typing its name.
 */
export function actorLabel(caller: Caller): Actor {
  if (caller.kind === 'admin') return { name: 'Administrator', delegation: '' };
  const { session } = caller;
  return { name: session.name, delegation: session.delegationSelfDeclared ? '' : session.delegation, inviteId: session.inviteId };
}
