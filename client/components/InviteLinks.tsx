/** The four role links of a new room, to copy and send, and a way in for the adviser. */
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../shared/roles';
import type { CreatedDocument } from '../api/types';
import { roleLabel } from '../roles';
import { absoluteUrl } from '../session/tokens';
import { CopyButton } from './CopyButton';

export function InviteLinks({ room }: { room: CreatedDocument }) {
  const { t } = useTranslation('home');
  return (
    <section className="created-room" aria-labelledby="created-title" data-testid="created-room">
      <h2 id="created-title" className="subheading">
        {t('created.ready', { title: room.title })}
      </h2>
      <p className="muted">{t('created.lead')}</p>
      <ul className="role-links">
        {ROLES.map((role) => {
          const url = absoluteUrl(room.invites[role].url);
          return (
            <li key={role} className="role-links__item">
              <div>
                <strong>{roleLabel(role)}</strong>
                <p className="muted small">{t(`created.who.${role}`)}</p>
              </div>
              <div className="link-row">
                <input
                  className="input input--mono"
                  readOnly
                  value={url}
                  aria-label={t('created.linkLabel', { role: roleLabel(role) })}
                  data-testid={`invite-link-${role}`}
                  onFocus={(e) => e.target.select()}
                />
                <CopyButton text={url} />
              </div>
            </li>
          );
        })}
      </ul>
      <a className="button button--primary" data-testid="open-new-room" href={absoluteUrl(room.invites.adviser.url)}>
        {t('created.open')}
      </a>
    </section>
  );
}
