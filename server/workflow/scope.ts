/**
 * What a workflow action works on (the open room, the stores) and the one way it reports:
 * a row in the activity log and a room event that every client in the room receives.
 */
import { personName } from '../../shared/personName.js';
import type { RoomEvent } from '../../shared/protocol.js';
import type { RoomEventKind } from '../../shared/roomEvents.js';
import type { Room } from '../collab/Room.js';
import type { Actor } from '../collab/lockActions.js';
import type { Store } from '../store/Store.js';
import type { WorkflowStore } from '../store/Store.js';
import { recordActivity } from '../rooms/activity.js';

export interface WorkflowScope {
  room: Room;
  store: Store;
  workflow: WorkflowStore;
}

export interface WorkflowEvent {
  kind: RoomEventKind;
  actor: Actor;
  at: string;
  blockId?: string | null;
  detail?: Record<string, unknown>;
  log?: boolean;
  /** The records the event changed, for the room event only (M6). */
  amendments?: RoomEvent['amendments'];
  comments?: RoomEvent['comments'];
}

/** Records the event in the activity log (unless `log` is false) and announces it to the room. */
export function report(scope: WorkflowScope, event: WorkflowEvent): void {
  recordActivity(scope.store, scope.room, {
    docId: scope.room.docId,
    kind: event.kind,
    byName: event.actor.name,
    byInviteId: event.actor.inviteId,
    at: event.at,
    blockId: event.blockId,
    detail: event.detail,
    log: event.log,
    amendments: event.amendments,
    comments: event.comments,
  });
}

/** "Anna Novak (Austria)", or the name alone without a delegation; as lock records name people. */
export function actorName(actor: Actor): string {
  return personName(actor.name, actor.delegation);
}
