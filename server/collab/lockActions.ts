/**
 * Locking and unlocking a block: the one server action behind the HTTP endpoints and every
 * UI path. Synchronous from check to persist, so when the call returns the lock is in force
 * and any edit processed afterwards meets it.
 */
import type { LockState } from '../../shared/api.js';
import { personName } from '../../shared/personName.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import { decisionReason } from '../workflow/decisionReasons.js';
import type { SqliteStore } from '../store/SqliteStore.js';
import { blockText } from './blockSnapshot.js';
import { recordActivity } from '../rooms/activity.js';
import type { Room } from './Room.js';

export interface Actor {
  name: string;
  delegation: string;
  /** The invite they act under (absent or null for the admin token): with the name, how a page knows its own actions. */
  inviteId?: string | null;
}

export function lockBlock(room: Room, store: SqliteStore, blockId: string, actor: Actor): LockState {
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  if (room.policy.isLocked(blockId)) throw new ApiError(409, ErrorCode.conflict, 'expected an unlocked block, got one already locked');
  const at = new Date().toISOString();
  room.serverAction(
    () => room.policy.lock(blockId, personName(actor.name, actor.delegation), at),
    () => record(room, store, blockId, 'lock', actor, at, blockText(element)),
  );
  return room.policy.lockState(blockId);
}

/** Unlocks a block; `rawReason`, the moderator's reason as typed, goes into the record cleaned (M9). */
export function unlockBlock(room: Room, store: SqliteStore, blockId: string, actor: Actor, rawReason?: string | null): LockState {
  const reason = decisionReason(rawReason);
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  if (!room.policy.isLocked(blockId)) throw new ApiError(409, ErrorCode.conflict, 'expected a locked block, got one not locked');
  const at = new Date().toISOString();
  room.serverAction(
    () => room.policy.unlock(blockId, 'discussion'),
    () => record(room, store, blockId, 'unlock', actor, at, blockText(element), reason),
  );
  return room.policy.lockState(blockId);
}

/** The lock audit row and the activity entry: saved with the lock itself (Room.serverAction). */
export function record(
  room: Room,
  store: SqliteStore,
  blockId: string,
  action: 'lock' | 'unlock',
  actor: Actor,
  at: string,
  text: string,
  reason: string | null = null,
): void {
  store.appendLockEvent({ docId: room.docId, blockId, action, byName: actor.name, byDelegation: actor.delegation, at, text, reason });
  recordActivity(store, room, {
    docId: room.docId,
    kind: action,
    byName: actor.name,
    byInviteId: actor.inviteId,
    at,
    blockId,
    ...(reason === null ? {} : { detail: { reason } }),
  });
}
