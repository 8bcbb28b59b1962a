/**
 * Whether the room can save (PROTOCOL.md F1): the server says when its writes start failing
 * (and tells each newcomer while they fail) and when they work again. While they fail the
 * room is read-only and says since when; the moment they work again, it says so once.
 */
import { useCallback, useState } from 'react';
import type { ServerNotice } from '../../shared/protocol';
import type { NoticeKind } from '../components/NoticeToast';
import type { RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export interface SavingFailure {
  since: string;
  message: string;
}

/** The room's saving failure now, or null while saving works. */
export function useSaving(connection: RoomConnection, push: (kind: NoticeKind, text: string) => void): SavingFailure | null {
  const [failure, setFailure] = useState<SavingFailure | null>(null);
  const onNotice = useCallback(
    (notice: ServerNotice) => {
      if (notice.type !== 'saving') return;
      if (!notice.ok) {
        setFailure({ since: notice.since ?? '', message: notice.message });
        return;
      }
      setFailure((was) => {
        if (was !== null) push('info', notice.message);
        return null;
      });
    },
    [push],
  );
  useNotices(connection, onNotice);
  return failure;
}
