/**
 * The Senior Adviser's room settings: the room's working language and time zone; pen-holder
 * mode; issue named invites, one by one or for every delegation from a pasted list; copy any
 * link again; see their use; revoke.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { RequestError } from '../api/http';
import type { CreatedInvite, CreatedInviteBatch, InviteRecord, NewInvite } from '../api/types';
import { apiErrorText } from '../i18n/apiErrorText';
import { roleLabel } from '../roles';
import { absoluteUrl } from '../session/tokens';
import { CopyButton } from './CopyButton';
import type { EditMode } from '../../shared/editMode';
import { DelegationInvites } from './DelegationInvites';
import { EditModeSetting } from './EditModeSetting';
import { InviteForm } from './InviteForm';
import { InviteList } from './InviteList';
import { RoomLanguageSettings } from './RoomLanguageSettings';
import { SidePanel } from './SidePanel';

/** How often the open panel reloads the invite list. */
const INVITES_REFRESH_MS = 5_000;

interface RoomSettingsPanelProps {
  token: string;
  docId: string;
  ownInviteId: string;
  /** Changes whenever the room reports an event, to reload the list. */
  version: number;
  /** How the room's text is edited now (live), and the way to take the mode the server answered with. */
  editMode: EditMode;
  onEditMode(mode: EditMode): void;
  onNotice(kind: 'success' | 'error', text: string): void;
  onClose(): void;
}

export function RoomSettingsPanel({ token, docId, ownInviteId, version, editMode, onEditMode, onNotice, onClose }: RoomSettingsPanelProps) {
  const { t } = useTranslation('invites');
  const [invites, setInvites] = useState<InviteRecord[] | null>(null);
  const [links] = useState(() => new Map<string, string>());
  const [created, setCreated] = useState<(CreatedInvite & { label: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .listInvites(token, docId)
      .then((list) => {
        setInvites(list);
        setError(null);
      })
      .catch((e: unknown) => setError(t('loadFailed', { reason: apiErrorText(e) })));
  }, [token, docId, t]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (the room moved) is what makes it load again
  useEffect(reload, [reload, version]);

  // Uses and last use change as people join; refresh while the panel is open.
  useEffect(() => {
    const timer = setInterval(reload, INVITES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const create = async (invite: NewInvite) => {
    setBusy(true);
    try {
      const result = await api.createInvite(token, docId, invite);
      const url = absoluteUrl(result.url);
      links.set(result.id, url);
      setCreated({
        ...result,
        url,
        label:
          result.name ??
          (result.delegation
            ? t('created.delegation', { delegation: result.delegation })
            : t('created.roleLink', { role: roleLabel(invite.role) })),
      });
      reload();
    } catch (e) {
      onNotice('error', t('createFailed', { reason: apiErrorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  const issued = (batch: CreatedInviteBatch) => {
    for (const invite of batch.invites) links.set(invite.id, invite.url);
    reload();
  };

  const fetchLink = async (invite: InviteRecord): Promise<string> => {
    try {
      const url = absoluteUrl((await api.inviteLink(token, docId, invite.id)).url);
      links.set(invite.id, url);
      return url;
    } catch (e) {
      throw new Error(e instanceof RequestError ? t('notCopied', { reason: apiErrorText(e) }) : t('linkFailed'));
    }
  };

  const revoke = async (invite: InviteRecord) => {
    try {
      await api.revokeInvite(token, docId, invite.id);
      setCreated((shown) => (shown?.id === invite.id ? null : shown));
      onNotice('success', invite.name ? t('revokedNamed', { name: invite.name }) : t('revokedRole', { role: roleLabel(invite.role) }));
      reload();
    } catch (e) {
      onNotice('error', t('revokeFailed', { reason: apiErrorText(e) }));
    }
  };

  return (
    <SidePanel title={t('room:header.settings')} testId="room-settings" wide onClose={onClose}>
      <RoomLanguageSettings token={token} docId={docId} onNotice={onNotice} />
      <EditModeSetting token={token} docId={docId} mode={editMode} onSaved={onEditMode} onNotice={onNotice} />
      <InviteForm busy={busy} onCreate={(invite) => void create(invite)} />
      {created && (
        <div className="created-invite" role="status">
          <p>{t('created.text', { label: created.label, role: roleLabel(created.role) })}</p>
          <div className="link-row">
            <input
              className="input input--mono"
              readOnly
              value={created.url}
              aria-label={t('created.linkLabel')}
              data-testid="new-invite-url"
              onFocus={(e) => e.target.select()}
            />
            <CopyButton text={created.url} testId="copy-new-invite" />
          </div>
        </div>
      )}
      <DelegationInvites token={token} docId={docId} onIssued={issued} onNotice={onNotice} />
      <h3 className="subheading">{t('list.title')}</h3>
      {error && <p className="form-error">{error}</p>}
      {invites === null && !error ? (
        <p className="muted">{t('common:loading.generic')}</p>
      ) : (
        <InviteList
          invites={invites ?? []}
          links={links}
          ownInviteId={ownInviteId}
          fetchLink={fetchLink}
          onRevoke={(i) => void revoke(i)}
        />
      )}
    </SidePanel>
  );
}
