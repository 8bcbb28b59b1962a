/**
 * Issuing invites: a stored record (for revocation and "used" tracking) plus a signed token.
 * Names and delegations pass the shared label rule here (PROTOCOL.md N1), whichever route
 * issues them; a token can be signed again for the same invite (N3), since the record, not
 * the token, is what revocation and expiry check.
 */
import { randomUUID } from 'node:crypto';
import type { CreatedInvite, NewInvite } from '../../shared/api.js';
import { checkLabel, type LabelKind } from '../../shared/labels.js';
import { ErrorCode } from '../../shared/protocol.js';
import type { InviteScope } from '../../shared/projectorLink.js';
import type { Role } from '../../shared/roles.js';
import { ApiError } from '../ApiError.js';
import type { Store } from '../store/Store.js';
import type { TokenSigner } from '../auth/tokens.js';

export class InviteIssuer {
  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly publicUrl: string,
  ) {}

  /** Issues one invite; 400 E_LABEL_REFUSED when its name or delegation is refused. */
  async issue(docId: string, request: NewInvite): Promise<CreatedInvite> {
    const [created] = await this.issueMany(docId, [request]);
    return created!;
  }

  /**
   * Issues several invites, stored in one transaction (all or none); each is checked first,
   * so a refused label (400) issues nothing.
   */
  async issueMany(docId: string, requests: NewInvite[]): Promise<CreatedInvite[]> {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const issued: CreatedInvite[] = [];
    for (const request of requests) {
      const name = inviteLabel(request.name, 'name');
      const delegation = inviteLabel(request.delegation, 'delegation');
      const expiresAtSeconds = request.expiresInSeconds ? Math.floor(now / 1000) + request.expiresInSeconds : undefined;
      const expiresAt = expiresAtSeconds ? new Date(expiresAtSeconds * 1000).toISOString() : null;
      const id = randomUUID();
      const token = await this.signer.sign({ inviteId: id, docId, role: request.role, expiresAt: expiresAtSeconds });
      issued.push({ id, role: request.role, name, delegation, expiresAt, token, url: this.roomUrl(docId, token) });
    }
    this.store.transaction(() => {
      for (const invite of issued) {
        this.store.createInvite({
          id: invite.id,
          docId,
          role: invite.role,
          name: invite.name,
          delegation: invite.delegation,
          expiresAt: invite.expiresAt,
          createdAt,
        });
      }
    });
    return issued;
  }

  /** A fresh link for an existing invite (same invite id, so revoking it still ends it). */
  async link(invite: { id: string; docId: string; role: Role; expiresAt: string | null }): Promise<string> {
    return this.roomUrl(invite.docId, await this.token(invite));
  }

  /** A freshly signed token for an existing invite, with the invite's own expiry. */
  async token(invite: { id: string; docId: string; role: Role; expiresAt: string | null }): Promise<string> {
    const expiresAt = invite.expiresAt ? Math.floor(Date.parse(invite.expiresAt) / 1000) : undefined;
    return this.signer.sign({ inviteId: invite.id, docId: invite.docId, role: invite.role, expiresAt });
  }

  /** The link that opens the room; the token rides in the fragment, which browsers never send to servers. */
  roomUrl(docId: string, token: string): string {
    return `${this.publicUrl}/d/${encodeURIComponent(docId)}#token=${token}`;
  }

  /** The link that opens the projector page only (a projector-only link, PROTOCOL.md P2). */
  projectorUrl(docId: string, token: string): string {
    return `${this.publicUrl}/d/${encodeURIComponent(docId)}/projector#token=${token}`;
  }

  /** The link an invite's token belongs in: the projector page for a projector-only link, else the room. */
  urlFor(invite: { docId: string; scope?: InviteScope }, token: string): string {
    return invite.scope === 'projector' ? this.projectorUrl(invite.docId, token) : this.roomUrl(invite.docId, token);
  }
}

/**
 * An invite's name or delegation as stored: cleaned, or null when none was given. A name
 * given but empty once cleaned is refused (the adviser meant to name someone); an empty
 * delegation means none.
 */
function inviteLabel(value: string | undefined, kind: LabelKind): string | null {
  if (value === undefined) return null;
  const check = checkLabel(value, kind);
  if (!check.ok) throw new ApiError(400, ErrorCode.labelRefused, `the ${kind} was refused: ${check.problem}`);
  if (check.value === '' && kind === 'name') {
    throw new ApiError(400, ErrorCode.labelRefused, 'the name was refused: expected a name with letters, got nothing visible');
  }
  return check.value === '' ? null : check.value;
}
