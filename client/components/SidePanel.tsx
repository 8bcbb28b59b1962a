/** A panel that slides in at the right of the room (paragraph work, readings, activity, lock history, settings). */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface SidePanelProps {
  title: string;
  testId: string;
  wide?: boolean;
  onClose(): void;
  children: React.ReactNode;
}

export function SidePanel({ title, testId, wide, onClose, children }: SidePanelProps) {
  const { t } = useTranslation('common');
  const heading = useRef<HTMLHeadingElement>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    // Focus the title, unless something inside (a form's first box) has taken focus already.
    if (!panel.current?.contains(document.activeElement)) heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      // Escape in an open dialog answers the dialog; it must not close the panel behind it too.
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside ref={panel} className={`side-panel${wide ? ' side-panel--wide' : ''}`} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <header className="side-panel__header">
        <h2 id={`${testId}-title`} className="side-panel__title" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <button
          type="button"
          className="button button--small button--quiet"
          aria-label={t('action.closeNamed', { title })}
          onClick={onClose}
        >
          {t('action.close')}
        </button>
      </header>
      <div className="side-panel__body">{children}</div>
    </aside>
  );
}
