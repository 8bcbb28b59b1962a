/** The room's invites: who, which role, until when, whether and when they were used; revoke. */
import { ROLE_LABELS } from '../../shared/roles';
import type { InviteRecord } from '../api/types';
import { formatTime } from '../format';
import { CopyButton } from './CopyButton';

interface InviteListProps {
  invites: InviteRecord[];
  /** Links of invites created in this tab (the server never shows a token twice). */
  links: Map<string, string>;
  ownInviteId: string;
  onRevoke(invite: InviteRecord): void;
}

function status(invite: InviteRecord): { text: string; tone: string } {
  if (invite.revokedAt) return { text: `Revoked ${formatTime(invite.revokedAt)}`, tone: 'revoked' };
  if (invite.expiresAt && new Date(invite.expiresAt).getTime() < Date.now()) return { text: 'Expired', tone: 'expired' };
  if (invite.expiresAt) return { text: `Works until ${formatTime(invite.expiresAt)}`, tone: 'active' };
  return { text: 'Works until revoked', tone: 'active' };
}

function usage(invite: InviteRecord): string {
  if (!invite.uses) return 'Not used yet';
  const times = invite.uses === 1 ? 'once' : `${invite.uses} times`;
  return `Used ${times}, last ${formatTime(invite.lastUsedAt)}`;
}

export function InviteList({ invites, links, ownInviteId, onRevoke }: InviteListProps) {
  if (invites.length === 0) return <p className="muted">No invites yet.</p>;
  const sorted = [...invites].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ul className="invites">
      {sorted.map((invite) => {
        const state = status(invite);
        const link = links.get(invite.id);
        return (
          <li key={invite.id} className={`invite invite--${state.tone}`} data-testid="invite-row" data-invite-id={invite.id}>
            <div className="invite__who">
              <strong>{invite.name ?? `${ROLE_LABELS[invite.role]} link`}</strong>
              {invite.delegation && <span className="muted"> · {invite.delegation}</span>}
              <span className={`role-badge role-badge--${invite.role}`}>{ROLE_LABELS[invite.role]}</span>
            </div>
            <div className="invite__meta">
              <span>{state.text}</span>
              <span data-testid="invite-usage">{usage(invite)}</span>
            </div>
            <div className="invite__actions">
              {link && !invite.revokedAt && <CopyButton text={link} />}
              {invite.id === ownInviteId ? (
                <span className="muted small">Your own invite</span>
              ) : (
                !invite.revokedAt && (
                  <button type="button" className="button button--small button--danger" data-testid="revoke-invite" onClick={() => onRevoke(invite)}>
                    Revoke
                  </button>
                )
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
