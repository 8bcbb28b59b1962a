/**
 * The one way anything reports to a room: a row in its activity log and, when the room is
 * open, a room event that every client in it receives (so open activity panels stay live,
 * and lists merge the records the event carries instead of reloading, M6).
 */
import type { RoomEvent } from '../../shared/protocol.js';
import type { RoomEventKind } from '../../shared/roomEvents.js';
import type { Room } from '../collab/Room.js';
import type { Store } from '../store/Store.js';

export interface ActivityEvent {
  docId: string;
  kind: RoomEventKind;
  byName: string;
  /** The invite the actor acted under: in the room event only (so each page knows its own actions), never in the log. */
  byInviteId?: string | null;
  at: string;
  blockId?: string | null;
  /** Ids and labels only, never document text: activity details are shown to every role. */
  detail?: Record<string, unknown>;
  /** False for events that are not decisions (comments, the projector): announced, not logged. */
  log?: boolean;
  /**
   * The records the event changed, as the list endpoints return them (M6): in the room event
   * only, never in the log. Every role that can be in the room may read those lists.
   */
  amendments?: RoomEvent['amendments'];
  comments?: RoomEvent['comments'];
}

export function recordActivity(store: Store, room: Room | null | undefined, event: ActivityEvent): void {
  if (event.log !== false) {
    store.appendActivity({
      docId: event.docId,
      kind: event.kind,
      byName: event.byName,
      at: event.at,
      blockId: event.blockId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    });
  }
  room?.announce({
    type: 'room-event',
    event: {
      kind: event.kind,
      at: event.at,
      by: event.byName,
      ...(event.byInviteId ? { byInviteId: event.byInviteId } : {}),
      ...(event.blockId ? { blockId: event.blockId } : {}),
      ...(event.detail ? { detail: event.detail } : {}),
      ...(event.amendments ? { amendments: event.amendments } : {}),
      ...(event.comments ? { comments: event.comments } : {}),
    },
  });
}
