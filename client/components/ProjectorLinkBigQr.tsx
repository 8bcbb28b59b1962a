/**
 * The projector link's QR code, as large as the screen allows: the adviser puts it on the
 * hall's screen (or holds up a laptop) for the hall's computer or a technician to scan.
 */
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../hooks/useModalDialog';
import { ProjectorLinkQr } from './ProjectorLinkQr';

export function ProjectorLinkBigQr({ url, onClose }: { url: string; onClose(): void }) {
  const { t } = useTranslation('projector');
  const ref = useModalDialog();

  return (
    <dialog
      ref={ref}
      className="pj-bigqr"
      aria-labelledby="projector-bigqr-title"
      data-testid="projector-link-bigqr"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="projector-bigqr-title" className="pj-bigqr__title">
        {t('bigQr.title')}
      </h2>
      <ProjectorLinkQr text={url} label={t('link.qrLabel')} className="pj-bigqr__qr" />
      <p className="pj-bigqr__hint">{t('bigQr.hint')}</p>
      {/* biome-ignore lint/a11y/noAutofocus: a dialog moves focus into itself, as the ARIA dialog pattern asks */}
      <button type="button" className="button" onClick={onClose} autoFocus>
        {t('bigQr.close')}
      </button>
    </dialog>
  );
}
