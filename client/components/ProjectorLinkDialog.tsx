/**
 * The adviser's projector link: a link that opens the projector page and nothing else (no
 * presence, no editing, no panels), to open on the hall's computer. Shown with its QR code,
 * a copy button and a big view of the code for the screen; created, and revoked, here.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectorLink } from '../../shared/projectorLink';
import { projectorLinksApi } from '../api/projectorLinks';
import { absoluteUrl } from '../session/tokens';
import { CopyButton } from './CopyButton';
import { ProjectorLinkBigQr } from './ProjectorLinkBigQr';
import { ProjectorLinkQr } from './ProjectorLinkQr';

/** How long a new link opens: until revoked, or for the length of a meeting day or week. */
const VALIDITY_SECONDS = { untilRevoked: undefined, oneDay: 24 * 3600, oneWeek: 7 * 24 * 3600 } as const;
type Validity = keyof typeof VALIDITY_SECONDS;

interface ProjectorLinkDialogProps {
  docId: string;
  token: string;
  onClose(): void;
}

export function ProjectorLinkDialog({ docId, token, onClose }: ProjectorLinkDialogProps) {
  const { t, i18n } = useTranslation('projector');
  const ref = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<ProjectorLink[] | null>(null);
  const [validity, setValidity] = useState<Validity>('untilRevoked');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [showingQr, setShowingQr] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const failed = useCallback(
    (error: unknown) =>
      setMessage({ text: t('link.failed', { reason: error instanceof Error ? error.message : String(error) }), error: true }),
    [t],
  );

  useEffect(() => {
    let current = true;
    projectorLinksApi.list(token, docId).then(
      (list) => current && setLinks(list),
      (error: unknown) => current && failed(error),
    );
    return () => {
      current = false;
    };
  }, [token, docId, failed]);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await action();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  const create = () =>
    act(async () => {
      const link = await projectorLinksApi.create(token, docId, { expiresInSeconds: VALIDITY_SECONDS[validity] });
      setLinks((list) => [link, ...(list ?? [])]);
    });

  const revoke = (link: ProjectorLink) =>
    act(async () => {
      await projectorLinksApi.revoke(token, docId, link.id);
      setLinks((list) => (list ?? []).filter((l) => l.id !== link.id));
      setMessage({ text: t('link.revoked'), error: false });
    });

  const link = links?.[0] ?? null;
  const url = link ? absoluteUrl(link.url) : '';
  const until = (iso: string) =>
    new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <dialog
      ref={ref}
      className="dialog pj-link"
      aria-labelledby="projector-link-title"
      data-testid="projector-link-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!showingQr) onClose();
      }}
    >
      <h2 id="projector-link-title" className="dialog__title">
        {t('link.title')}
      </h2>
      <p>{t('link.intro')}</p>
      <p className="pj-link__warning">{t('link.warning')}</p>
      {links === null && !message && <p className="muted">{t('link.loading')}</p>}
      {link && (
        <div className="pj-link__current">
          <ProjectorLinkQr text={url} label={t('link.qrLabel')} className="pj-link__qr" />
          <div className="pj-link__details">
            <label className="pj-link__label" htmlFor="projector-link-url">
              {t('link.address')}
            </label>
            <input
              id="projector-link-url"
              className="input pj-link__url"
              readOnly
              value={url}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="projector-link-url"
            />
            <p className="small">{link.expiresAt ? t('link.validUntil', { time: until(link.expiresAt) }) : t('link.validUntilRevoked')}</p>
            <div className="pj-link__actions">
              <CopyButton text={url} label={t('link.copy')} testId="projector-link-copy" />
              <button type="button" className="button button--small" onClick={() => setShowingQr(true)}>
                {t('link.showQr')}
              </button>
              <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => void revoke(link)}>
                {t('link.revoke')}
              </button>
            </div>
          </div>
        </div>
      )}
      {links !== null && (
        <div className="pj-link__create">
          <label className="pj-link__label" htmlFor="projector-link-validity">
            {link ? t('link.validityAnother') : t('link.validity')}
          </label>
          <select
            id="projector-link-validity"
            className="input"
            value={validity}
            onChange={(event) => setValidity(event.target.value as Validity)}
          >
            {(Object.keys(VALIDITY_SECONDS) as Validity[]).map((key) => (
              <option key={key} value={key}>
                {t(`link.validityOption.${key}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`button button--small${link ? '' : ' button--primary'}`}
            disabled={busy}
            onClick={() => void create()}
          >
            {link ? t('link.createAnother') : t('link.create')}
          </button>
        </div>
      )}
      {message && (
        <p className={message.error ? 'form-error small' : 'small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('link.close')}
        </button>
      </div>
      {showingQr && link && <ProjectorLinkBigQr url={url} onClose={() => setShowingQr(false)} />}
    </dialog>
  );
}
