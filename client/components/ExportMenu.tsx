/**
 * Downloads of the text (every role may export): the agreed text only, the clean full
 * text, or the text marked up with each paragraph's status and its pending amendments,
 * each as Word, PDF, Markdown or a web page. The server makes the file from the stored
 * document and wants the bearer token, so each download is fetched and handed over.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import { EXPORT_FORMATS, type ExportFormat } from '../api/types';
import { EXPORT_VARIANTS, type ExportVariant } from '../api/workflowTypes';
import { apiErrorText } from '../i18n/apiErrorText';

const FORMAT_ORDER: ExportFormat[] = ['docx', 'pdf', 'md', 'html'];

interface ExportMenuProps {
  token: string;
  docId: string;
  title: string;
  onError(message: string): void;
  /** Called after a file was handed over (the activity log has a new entry). */
  onExported?(): void;
}

function safeFileName(title: string): string {
  return (
    title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 80) || 'draft'
  );
}

export function ExportMenu({ token, docId, title, onError, onExported }: ExportMenuProps) {
  const { t } = useTranslation('exports');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [variant, setVariant] = useState<ExportVariant>('clean');
  const menu = useRef<HTMLDetailsElement>(null);

  // Close on a click elsewhere or Escape, like any menu.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  const download = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const { blob, filename } = await api.exportFile(token, docId, format, variant);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename ?? `${safeFileName(title)}${variant === 'clean' ? '' : ` (${variant})`}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (menu.current) menu.current.open = false;
      onExported?.();
    } catch (error) {
      onError(t('failed', { reason: apiErrorText(error) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="menu" ref={menu}>
      <summary className="button button--small" data-testid="export-menu">
        {t('menu')}
      </summary>
      <div className="menu__list menu__list--export">
        <fieldset className="export-variants">
          <legend className="menu__legend">{t('whichText')}</legend>
          {EXPORT_VARIANTS.map((value) => (
            <label key={value} className="export-variant">
              <input
                type="radio"
                name={`export-variant-${docId}`}
                value={value}
                data-testid={`export-variant-${value}`}
                checked={variant === value}
                onChange={() => setVariant(value)}
              />
              <span>
                <span className="export-variant__label">{t(`variant.${value}.label`)}</span>
                <span className="export-variant__hint">{t(`variant.${value}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <ul className="export-formats" aria-label={t('downloadAs')}>
          {FORMAT_ORDER.filter((f) => EXPORT_FORMATS.includes(f)).map((format) => (
            <li key={format}>
              <button
                type="button"
                className="menu__item"
                data-testid={`export-${format}`}
                disabled={busy !== null}
                onClick={() => void download(format)}
              >
                {busy === format ? t('preparing') : t(`format.${format}`)}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
