/**
 * The room's working language as an open page knows it: the session's at first, then each
 * one the adviser sets (the `room-settings` room event, PROTOCOL.md G1), so the editor's
 * `lang` (spell-check, screen readers) follows without a reload.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ServerNotice } from '../../shared/protocol';
import { isTextLanguage, type TextLanguage } from '../../shared/textLanguages';
import type { RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export function useRoomLanguage(connection: RoomConnection, initial: TextLanguage): TextLanguage {
  const [language, setLanguage] = useState(initial);
  useEffect(() => setLanguage(initial), [initial]);
  const listener = useCallback((notice: ServerNotice) => {
    if (notice.type !== 'room-event' || notice.event.kind !== 'room-settings') return;
    const value = notice.event.detail?.language;
    if (isTextLanguage(value)) setLanguage(value);
  }, []);
  useNotices(connection, listener);
  return language;
}
