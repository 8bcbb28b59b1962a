/**
 * The room's invites: who, which role, until when, whether and when they were used; copy
 * any active invite's link again (the server signs it anew for the same invite, N3); revoke.
 */
import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InviteRecord } from '../api/types';
import { formatTime } from '../format';
import { roleLabel } from '../roles';

interface InviteListProps {
  invites: InviteRecord[];
  /** Links already at hand (invites created in this tab), by invite id. */
  links: Map<string, string>;
  ownInviteId: string;
  /** The invite's link, signed again by the server; throws with a message a person can read. */
  fetchLink(invite: InviteRecord): Promise<string>;
  onRevoke(invite: InviteRecord): void;
}

function status(invite: InviteRecord): { text: string; tone: string } {
  if (invite.revokedAt) return { text: i18next.t('invites:list.revoked', { time: formatTime(invite.revokedAt) }), tone: 'revoked' };
  if (invite.expiresAt && new Date(invite.expiresAt).getTime() < Date.now())
    return { text: i18next.t('invites:list.expired'), tone: 'expired' };
  if (invite.expiresAt) return { text: i18next.t('invites:list.worksUntil', { time: formatTime(invite.expiresAt) }), tone: 'active' };
  return { text: i18next.t('invites:list.untilRevoked'), tone: 'active' };
}

function usage(invite: InviteRecord): string {
  if (!invite.uses) return i18next.t('invites:list.unused');
  return i18next.t('invites:list.used', { count: invite.uses, time: formatTime(invite.lastUsedAt) });
}

/** Who an invite is for: "Anna Novak · Austria", "Austria delegation link", or "Expert link". */
function who(invite: InviteRecord): string {
  if (invite.name) return invite.name;
  return invite.delegation
    ? i18next.t('invites:list.delegationLink', { delegation: invite.delegation })
    : i18next.t('invites:list.roleLink', { role: roleLabel(invite.role) });
}

export function InviteList({ invites, links, ownInviteId, fetchLink, onRevoke }: InviteListProps) {
  const { t } = useTranslation('invites');
  if (invites.length === 0) return <p className="muted">{t('list.none')}</p>;
  const sorted = [...invites].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ul className="invites">
      {sorted.map((invite) => {
        const state = status(invite);
        return (
          <li key={invite.id} className={`invite invite--${state.tone}`} data-testid="invite-row" data-invite-id={invite.id}>
            <div className="invite__who">
              <strong>{who(invite)}</strong>
              {invite.name && invite.delegation && <span className="muted"> · {invite.delegation}</span>}
              <span className={`role-badge role-badge--${invite.role}`}>{roleLabel(invite.role)}</span>
            </div>
            <div className="invite__meta">
              <span>{state.text}</span>
              <span data-testid="invite-usage">{usage(invite)}</span>
            </div>
            <div className="invite__actions">
              {state.tone === 'active' && <CopyInviteLink invite={invite} known={links.get(invite.id)} fetchLink={fetchLink} />}
              {invite.id === ownInviteId ? (
                <span className="muted small">{t('list.own')}</span>
              ) : (
                !invite.revokedAt && (
                  <button
                    type="button"
                    className="button button--small button--danger"
                    data-testid="revoke-invite"
                    onClick={() => onRevoke(invite)}
                  >
                    {t('list.revoke')}
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

/** "Copy link" for one invite: fetches the link when this tab does not have it, shows it, and copies it. */
function CopyInviteLink({
  invite,
  known,
  fetchLink,
}: {
  invite: InviteRecord;
  known: string | undefined;
  fetchLink(invite: InviteRecord): Promise<string>;
}) {
  const { t } = useTranslation('invites');
  const [url, setUrl] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);

  const copy = async () => {
    let link = url ?? known ?? null;
    try {
      link ??= await fetchLink(invite);
    } catch (e) {
      setSaid(e instanceof Error ? e.message : t('linkFailed'));
      return;
    }
    setUrl(link);
    try {
      await navigator.clipboard.writeText(link);
      setSaid(t('common:action.copied'));
    } catch {
      setSaid(t('common:action.copyByHand'));
    }
    setTimeout(() => setSaid(null), 2500);
  };

  return (
    <>
      {url && (
        <input
          className="input input--mono invite__link"
          readOnly
          value={url}
          aria-label={t('list.linkFor', { who: who(invite) })}
          data-testid="invite-row-link"
          onFocus={(e) => e.target.select()}
        />
      )}
      <button type="button" className="button button--small" data-testid="copy-invite-link" onClick={() => void copy()}>
        <span aria-live="polite">{said ?? t('common:action.copyLink')}</span>
      </button>
    </>
  );
}
