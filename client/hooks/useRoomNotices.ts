/**
 * Turns the server's notices into what the person sees: a refused change becomes a notice
 * naming the paragraph and why (and the local undo stack is cleared, so Ctrl-Z cannot send
 * the refused text again); room events reload history and invite lists.
 */
import { useCallback, useState } from 'react';
import { ErrorCode, type ServerNotice } from '../../shared/protocol';
import type { EditorApi } from '../editor/editorApi';
import { blockName } from '../format';
import type { RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';
import type { NoticeKind } from '../components/NoticeToast';

type RefusedNotice = Extract<ServerNotice, { type: 'refused' }>;

function refusalText(notice: RefusedNotice, number: number | null | undefined): string {
  const where = notice.blockId || typeof number === 'number' ? blockName(number) : 'the text';
  switch (notice.reason) {
    case ErrorCode.locked:
      return `Your change to ${where} was undone: it is agreed and locked${notice.lockedBy ? ` by ${notice.lockedBy}` : ''}.`;
    case ErrorCode.readOnly:
      return 'You are observing, so your change was not kept.';
    case ErrorCode.serverAttribute:
      return `Your change to the lock state of ${where} was undone: only a moderator's lock or unlock changes it.`;
    default:
      return notice.message;
  }
}

/** Counters that grow with each lock and each invite event, for panels to reload. */
export interface RoomVersions {
  locks: number;
  invites: number;
}

export function useRoomNotices(
  connection: RoomConnection,
  editorApi: React.RefObject<EditorApi | null>,
  push: (kind: NoticeKind, text: string, detail?: string) => void,
): RoomVersions {
  const [versions, setVersions] = useState<RoomVersions>({ locks: 0, invites: 0 });

  const onNotice = useCallback(
    (notice: ServerNotice) => {
      if (notice.type === 'refused') {
        editorApi.current?.clearUndo();
        const number = notice.blockNumber ?? (notice.blockId ? editorApi.current?.block(notice.blockId)?.number : null);
        push('warning', refusalText(notice, number));
        return;
      }
      if (notice.type === 'room-event') {
        const { kind, by, blockId } = notice.event;
        if (kind === 'lock' || kind === 'unlock') {
          setVersions((v) => ({ ...v, locks: v.locks + 1 }));
          const name = blockName(blockId ? editorApi.current?.block(blockId)?.number : null);
          push('info', `${by} ${kind === 'lock' ? 'locked' : 'unlocked'} ${name}.`);
        } else if (kind.startsWith('invite')) {
          setVersions((v) => ({ ...v, invites: v.invites + 1 }));
        }
      }
    },
    [editorApi, push],
  );

  useNotices(connection, onNotice);
  return versions;
}
