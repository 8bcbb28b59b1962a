/**
 * A polite live region that tells screen reader users what others change in the room
 * (locks, statuses, amendments, comments, the projector, readings), at the pace and in the
 * words of announcements.ts. Never one's own actions, never others' keystrokes (those are
 * not room events). Hidden from sight: the same changes are on screen already.
 */
import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerNotice } from '../../shared/protocol';
import type { EventSelf } from '../../shared/roomEvents';
import { blockWords } from '../format';
import { statusLabel } from '../status';
import type { RoomConnection } from '../sync/roomConnection';
import { QUIET, announcementText, changeOf, dueAt, enqueue, take, type AnnouncerState } from './announcements';

interface LiveAnnouncerProps {
  connection: RoomConnection;
  /** This page, as room events name who acted: its own changes are not announced. */
  self: EventSelf;
  /** A block's number now: null for a heading, undefined for a block no longer there. */
  numberOf(blockId: string): number | null | undefined;
}

export function LiveAnnouncer({ connection, self, numberOf }: LiveAnnouncerProps) {
  const { t, i18n } = useTranslation('keyboard');
  // Numbered, so that the same words twice in a row are a new node and spoken again.
  const [said, setSaid] = useState({ text: '', n: 0 });
  const state = useRef<AnnouncerState>(QUIET);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Read at the moment an event arrives or is spoken, not when the effect was made.
  const current = useRef({ self, numberOf, t, language: i18n.resolvedLanguage ?? 'en' });
  current.current = { self, numberOf, t, language: i18n.resolvedLanguage ?? 'en' };

  useEffect(() => {
    const speak = () => {
      timer.current = null;
      const taken = take(state.current, Date.now());
      if (!taken) return schedule();
      state.current = taken.state;
      const { t: translate, language } = current.current;
      const text = announcementText(taken.batch, {
        t: (key, values) => translate(key, values ?? {}),
        blockWords: (number) =>
          number === undefined
            ? { where: i18next.t('common:block.removed'), subject: i18next.t('common:block.removedTitle') }
            : blockWords(number),
        statusName: statusLabel,
        language,
      });
      setSaid((last) => ({ text, n: last.n + 1 }));
    };
    const schedule = () => {
      const due = dueAt(state.current);
      if (due === null || timer.current !== null) return;
      timer.current = setTimeout(speak, Math.max(0, due - Date.now()));
    };
    const onNotice = (notice: ServerNotice) => {
      if (notice.type !== 'room-event') return;
      const change = changeOf(notice.event, current.current.self, current.current.numberOf);
      if (!change) return;
      state.current = enqueue(state.current, change, Date.now());
      schedule();
    };
    const stop = connection.onNotice(onNotice);
    return () => {
      stop();
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [connection]);

  return (
    <div
      className="sr-only"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-label={t('announcer.label')}
      data-testid="live-announcer"
    >
      <span key={said.n}>{said.text}</span>
    </div>
  );
}
