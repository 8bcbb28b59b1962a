/** A panel that slides in at the right of the room (lock history, room settings). */
import { useEffect, useRef } from 'react';

interface SidePanelProps {
  title: string;
  testId: string;
  wide?: boolean;
  onClose(): void;
  children: React.ReactNode;
}

export function SidePanel({ title, testId, wide, onClose, children }: SidePanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className={`side-panel${wide ? ' side-panel--wide' : ''}`} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <header className="side-panel__header">
        <h2 id={`${testId}-title`} className="side-panel__title" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <button type="button" className="button button--small button--quiet" aria-label={`Close ${title}`} onClick={onClose}>
          Close
        </button>
      </header>
      <div className="side-panel__body">{children}</div>
    </aside>
  );
}
