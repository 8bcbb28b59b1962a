/** Shown when the server closed this session for good (revoked, expired, refused frame…). */
import { useTranslation } from 'react-i18next';
import { CloseCode } from '../../shared/protocol';
import { closeText } from '../i18n/closeWords';
import type { SessionEnd } from '../sync/roomConnection';

export function SessionEnded({ end }: { end: SessionEnd }) {
  const { t } = useTranslation('connection');
  const leftTheRoom = end.code === CloseCode.forbidden || end.code === CloseCode.unauthenticated;
  const canRejoin = !leftTheRoom && end.code !== CloseCode.notFound;
  return (
    <div className="session-ended" role="alertdialog" aria-labelledby="ended-title" aria-describedby="ended-text" data-testid="session-ended">
      <div className="session-ended__card">
        <h2 id="ended-title">{leftTheRoom ? t('ended.leftTitle') : t('ended.closedTitle')}</h2>
        <p id="ended-text">
          {closeText(end.code, end.reason)}
          {end.lost > 0 && ` ${t('ended.lost', { count: end.lost })}`}
        </p>
        <p className="session-ended__hint">{t('ended.hint')}</p>
        <div className="session-ended__actions">
          {canRejoin && (
            <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
              {t('ended.reload')}
            </button>
          )}
          <a className="button" href="/">
            {t('common:action.startPage')}
          </a>
        </div>
      </div>
    </div>
  );
}
