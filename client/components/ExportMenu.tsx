/**
 * Downloads of the current text (every role may export). The server wants the bearer
 * token, so each download is fetched and handed to the browser as a file.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { ApiError } from '../api/http';
import { EXPORT_FORMATS, type ExportFormat } from '../api/types';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  md: 'Markdown (.md)',
  html: 'Web page (.html)',
  docx: 'Word (.docx)',
  pdf: 'PDF (.pdf)',
};

interface ExportMenuProps {
  token: string;
  docId: string;
  title: string;
  onError(message: string): void;
}

function safeFileName(title: string): string {
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'draft';
}

export function ExportMenu({ token, docId, title, onError }: ExportMenuProps) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
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
      const { blob, filename } = await api.exportFile(token, docId, format);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename ?? `${safeFileName(title)}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (menu.current) menu.current.open = false;
    } catch (error) {
      onError(error instanceof ApiError ? `Export failed: ${error.message}` : 'Export failed.');
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="menu" ref={menu}>
      <summary className="button button--small" data-testid="export-menu">
        Export
      </summary>
      <ul className="menu__list" aria-label="Export the text">
        {EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <button
              type="button"
              className="menu__item"
              data-testid={`export-${format}`}
              disabled={busy !== null}
              onClick={() => void download(format)}
            >
              {busy === format ? 'Preparing…' : FORMAT_LABELS[format]}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
