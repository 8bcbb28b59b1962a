/** Shown when the server closed this session for good (revoked, expired, refused frame…). */
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../hooks/useModalDialog';
import { CloseCode } from '../../shared/protocol';
import { closeText } from '../i18n/closeWords';
import type { SessionEnd } from '../sync/roomConnection';

export function SessionEnded({ end }: { end: SessionEnd }) {
  const { t } = useTranslation('connection');
  // Modal: nothing in the room behind can be used any more, so keyboards and screen readers
  // come here at once and cannot wander into the dead room, as a mouse cannot either. There
  // is no way back into this session, so Escape does not close it; should Chromium force a
  // repeated Escape through, it opens again.
  const ref = useModalDialog();
  const leftTheRoom = end.code === CloseCode.forbidden || end.code === CloseCode.unauthenticated;
  const canRejoin = !leftTheRoom && end.code !== CloseCode.notFound;

  return (
    <dialog
      ref={ref}
      className="session-ended"
      role="alertdialog"
      aria-labelledby="ended-title"
      aria-describedby="ended-text"
      data-testid="session-ended"
      onCancel={(event) => event.preventDefault()}
      onClose={(event) => {
        const dialog = event.currentTarget;
        if (dialog.isConnected && !dialog.open) dialog.showModal();
      }}
    >
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
    </dialog>
  );
}
