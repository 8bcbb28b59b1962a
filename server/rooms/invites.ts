/** Issuing invites: a stored record (for revocation and "used" tracking) plus a signed token. */
import { randomUUID } from 'node:crypto';
import type { CreatedInvite, NewInvite } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import type { SqliteStore } from '../store/SqliteStore.js';
import type { TokenSigner } from '../auth/tokens.js';

export class InviteIssuer {
  constructor(
    private readonly store: SqliteStore,
    private readonly signer: TokenSigner,
    private readonly publicUrl: string,
  ) {}

  async issue(docId: string, request: NewInvite): Promise<CreatedInvite> {
    const id = randomUUID();
    const now = Date.now();
    const expiresAtSeconds = request.expiresInSeconds ? Math.floor(now / 1000) + request.expiresInSeconds : undefined;
    const expiresAt = expiresAtSeconds ? new Date(expiresAtSeconds * 1000).toISOString() : null;
    this.store.createInvite({
      id,
      docId,
      role: request.role,
      name: request.name ?? null,
      delegation: request.delegation ?? null,
      expiresAt,
      createdAt: new Date(now).toISOString(),
    });
    const token = await this.signer.sign({ inviteId: id, docId, role: request.role, expiresAt: expiresAtSeconds });
    return {
      id,
      role: request.role,
      name: request.name ?? null,
      delegation: request.delegation ?? null,
      expiresAt,
      token,
      url: this.roomUrl(docId, token),
    };
  }

  /** A fresh link for an existing invite (same invite id, so revoking it still ends it). */
  async link(invite: { id: string; docId: string; role: Role; expiresAt: string | null }): Promise<string> {
    const expiresAt = invite.expiresAt ? Math.floor(Date.parse(invite.expiresAt) / 1000) : undefined;
    const token = await this.signer.sign({ inviteId: invite.id, docId: invite.docId, role: invite.role, expiresAt });
    return this.roomUrl(invite.docId, token);
  }

  /** The link that opens the room; the token rides in the fragment, which browsers never send to servers. */
  roomUrl(docId: string, token: string): string {
    return `${this.publicUrl}/d/${encodeURIComponent(docId)}#token=${token}`;
  }
}
