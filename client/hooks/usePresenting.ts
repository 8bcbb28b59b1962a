/**
 * Which block the adviser's team is presenting on the projector: read once, then followed
 * through the room's 'presenting' events (and read again after a reconnect, in case one
 * was missed). Handed to the margins (room) or the projector through the BlockMetaStore.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ServerNotice } from '../../shared/protocol';
import { workflowApi } from '../api/workflow';
import type { BlockMetaStore } from '../editor/blockMeta';
import type { ConnectionPhase, RoomConnection } from '../sync/roomConnection';
import { useNotices } from '../sync/useRoomConnection';

export interface PresentingState {
  blockId: string | null;
  byName: string | null;
}

export function usePresenting(
  connection: RoomConnection,
  token: string,
  docId: string,
  phase: ConnectionPhase,
  meta: BlockMetaStore,
): PresentingState {
  const [state, setState] = useState<PresentingState>({ blockId: null, byName: null });
  const connected = phase === 'connected';

  useEffect(() => {
    if (!connected) return;
    let current = true;
    workflowApi.presenting(token, docId).then(
      (record) => current && setState({ blockId: record.blockId, byName: record.byName }),
      () => undefined, // The next 'presenting' event will tell; nothing to show meanwhile.
    );
    return () => {
      current = false;
    };
  }, [token, docId, connected]);

  const onNotice = useCallback((notice: ServerNotice) => {
    if (notice.type !== 'room-event' || notice.event.kind !== 'presenting') return;
    setState({ blockId: notice.event.blockId ?? null, byName: notice.event.by });
  }, []);
  useNotices(connection, onNotice);

  useEffect(() => meta.setPresenting(state.blockId), [meta, state.blockId]);
  return state;
}
