/**
 * How the room's text is edited (open, or pen-holder: shared/editMode.ts) as an open page
 * knows it: the session's at first, then each one the adviser sets (the `room-settings`
 * room event), as the room language follows it (client/editor/roomLanguage.ts). After a drop
 * the event may have been missed, so the session is asked again once the page is back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type EditMode, isEditMode } from '../../shared/editMode';
import type { ServerNotice } from '../../shared/protocol';
import { api } from '../api/endpoints';
import type { ConnectionPhase, RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export function useEditMode(
  connection: RoomConnection,
  token: string,
  initial: EditMode,
  phase: ConnectionPhase,
): [EditMode, (mode: EditMode) => void] {
  const [mode, setMode] = useState(initial);
  useEffect(() => setMode(initial), [initial]);

  const listener = useCallback((notice: ServerNotice) => {
    if (notice.type !== 'room-event' || notice.event.kind !== 'room-settings') return;
    const value = notice.event.detail?.editMode;
    if (isEditMode(value)) setMode(value);
  }, []);
  useNotices(connection, listener);

  const wasConnected = useRef(phase === 'connected');
  const everConnected = useRef(phase === 'connected');
  useEffect(() => {
    const connected = phase === 'connected';
    const back = connected && !wasConnected.current && everConnected.current;
    wasConnected.current = connected;
    everConnected.current ||= connected;
    if (!back) return;
    let current = true;
    api.session(token).then(
      (session) => {
        if (current && isEditMode(session.editMode)) setMode(session.editMode);
      },
      // Not known now: the next room-settings event says it.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [phase, token]);

  return [mode, setMode];
}
