/**
 * Short notices in the corner: refused changes, locks, invite actions. Announced through
 * an aria-live region; each stays a while and can be dismissed. A sticky notice (a decision
 * that concerns the person, see session/concernsMe.ts) stays until dismissed, so that
 * someone looking at the text rather than the corner still finds it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  detail?: string;
  sticky?: boolean;
}

const LIFETIME_MS: Record<NoticeKind, number> = { info: 6_000, success: 5_000, warning: 12_000, error: 15_000 };
const MAX_VISIBLE = 4;

export interface Notices {
  notices: Notice[];
  push(kind: NoticeKind, text: string, detail?: string, sticky?: boolean): void;
  dismiss(id: number): void;
}

export function useNoticeQueue(): Notices {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setNotices((list) => list.filter((n) => n.id !== id));
  }, []);

  const push = useCallback(
    (kind: NoticeKind, text: string, detail?: string, sticky = false) => {
      const id = nextId.current++;
      setNotices((list) => {
        const others = list.filter((n) => n.text !== text);
        // Past the limit the oldest fading notice goes first; sticky ones go only when nothing else can.
        while (others.length >= MAX_VISIBLE) {
          const fading = others.findIndex((n) => !n.sticky);
          others.splice(fading === -1 ? 0 : fading, 1);
        }
        return [...others, { id, kind, text, detail, sticky }];
      });
      if (sticky) return;
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), LIFETIME_MS[kind]),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { notices, push, dismiss };
}

export function NoticeToast({ notices, dismiss }: Pick<Notices, 'notices' | 'dismiss'>) {
  const { t } = useTranslation('notices');
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions text" role="log" aria-label={t('toast.label')}>
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`toast toast--${notice.kind}${notice.sticky ? ' toast--sticky' : ''}`}
          data-testid="notice"
          data-kind={notice.kind}
          data-sticky={notice.sticky || undefined}
        >
          <div className="toast__body">
            <p className="toast__text">{notice.text}</p>
            {notice.detail && <p className="toast__detail">{notice.detail}</p>}
          </div>
          <button type="button" className="toast__close" aria-label={t('toast.dismiss')} onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
