/**
 * Whether the room can save (PROTOCOL.md F1): the server says when its writes start failing
 * (and tells each newcomer while they fail) and when they work again. While they fail the
 * room is read-only and says since when; the moment they work again, it says so once.
 */
import i18next from 'i18next';
import { useCallback, useState } from 'react';
import type { ServerNotice, StoreProblem } from '../../shared/protocol';
import type { NoticeKind } from '../components/NoticeToast';
import { formatTime } from '../format';
import type { RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export interface SavingFailure {
  since: string;
  cause: StoreProblem;
}

/** The banner's words while saving fails, in the interface language. */
export function savingFailureText(failure: SavingFailure): string {
  return i18next.t('connection:saving.failed', {
    time: formatTime(failure.since),
    cause: i18next.t(`connection:saving.cause.${failure.cause}`),
  });
}

/** The room's saving failure now, or null while saving works. */
export function useSaving(connection: RoomConnection, push: (kind: NoticeKind, text: string) => void): SavingFailure | null {
  const [failure, setFailure] = useState<SavingFailure | null>(null);
  const onNotice = useCallback(
    (notice: ServerNotice) => {
      if (notice.type !== 'saving') return;
      if (!notice.ok) {
        setFailure({ since: notice.since ?? '', cause: notice.cause ?? 'other' });
        return;
      }
      setFailure((was) => {
        if (was !== null) push('info', i18next.t('connection:saving.back'));
        return null;
      });
    },
    [push],
  );
  useNotices(connection, onNotice);
  return failure;
}
