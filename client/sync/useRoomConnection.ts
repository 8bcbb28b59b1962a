/** React hooks over a RoomConnection: its state, the people in the room, its notices, the words not kept. */
import { useEffect, useSyncExternalStore } from 'react';
import type { ServerNotice } from '../../shared/protocol';
import type { NotKeptEntry } from './notKept';
import type { ConnectionState, Person, RoomConnection } from './roomConnection';

export function useConnectionState(connection: RoomConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getState);
}

export function usePeople(connection: RoomConnection): Person[] {
  return useSyncExternalStore(connection.subscribePeople, connection.getPeople);
}

/** Calls `listener` for each server notice while the component is mounted. */
export function useNotices(connection: RoomConnection, listener: (notice: ServerNotice) => void): void {
  useEffect(() => connection.onNotice(listener), [connection, listener]);
}

/** This person's words the server did not keep (the "Not kept" tray), until dismissed. */
export function useNotKept(connection: RoomConnection): NotKeptEntry[] {
  return useSyncExternalStore(connection.notKept.subscribe, connection.notKept.getSnapshot);
}
