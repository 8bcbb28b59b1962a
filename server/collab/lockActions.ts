/**
 * Locking and unlocking a block: the one server action behind the HTTP endpoints and every
 * UI path. Synchronous from check to persist, so when the call returns the lock is in force
 * and any edit processed afterwards meets it.
 */
import type { LockState } from '../../shared/api.js';
import { BlockAttr } from '../../shared/blocks.js';
import { statusOf } from '../../shared/blockStatus.js';
import { personName } from '../../shared/personName.js';
import { ErrorCode } from '../../shared/protocol.js';
import { ApiError } from '../ApiError.js';
import { decisionReason } from '../workflow/decisionReasons.js';
import type { Store } from '../store/Store.js';
import { blockText } from './blockSnapshot.js';
import { recordActivity } from '../rooms/activity.js';
import type { Room } from './Room.js';

export interface Actor {
  name: string;
  delegation: string;
  /** The invite they act under (absent or null for the admin token): with the name, how a page knows its own actions. */
  inviteId?: string | null;
}

export function lockBlock(room: Room, store: Store, blockId: string, actor: Actor): LockState {
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  if (room.policy.isLocked(blockId)) throw new ApiError(409, ErrorCode.conflict, 'expected an unlocked block, got one already locked');
  const at = new Date().toISOString();
  // The status it had, so that undoing the lock (M10) can give it back.
  const from = statusOf(false, element.getAttribute(BlockAttr.status));
  room.serverAction(
    () => room.policy.lock(blockId, personName(actor.name, actor.delegation), at),
    () => record(room, store, { blockId, action: 'lock', actor, at, text: blockText(element), detail: { from } }),
  );
  return room.policy.lockState(blockId);
}

/** Unlocks a block; `rawReason`, the moderator's reason as typed, goes into the record cleaned (M9). */
export function unlockBlock(room: Room, store: Store, blockId: string, actor: Actor, rawReason?: string | null): LockState {
  const reason = decisionReason(rawReason);
  const element = room.policy.findBlock(blockId);
  if (element === null) throw new ApiError(404, ErrorCode.notFound, `no block with id ${blockId} in this room`);
  if (!room.policy.isLocked(blockId)) throw new ApiError(409, ErrorCode.conflict, 'expected a locked block, got one not locked');
  const at = new Date().toISOString();
  room.serverAction(
    () => room.policy.unlock(blockId, 'discussion'),
    () => record(room, store, { blockId, action: 'unlock', actor, at, text: blockText(element), reason }),
  );
  return room.policy.lockState(blockId);
}

/** A lock or unlock as the record keeps it. */
export interface LockRecord {
  blockId: string;
  action: 'lock' | 'unlock';
  actor: Actor;
  at: string;
  /** The block's text at that moment. */
  text: string;
  /** The moderator's reason (an unlock, M9). */
  reason?: string | null;
  /** More for the activity entry (a lock's previous status). */
  detail?: Record<string, unknown>;
  /** False when the lock change is part of another decision that makes its own activity entry (an undo, M10). */
  activity?: boolean;
}

/** The lock audit row and the activity entry: saved with the lock itself (Room.serverAction). */
export function record(room: Room, store: Store, lock: LockRecord): void {
  const { blockId, action, actor, at, text } = lock;
  const reason = lock.reason ?? null;
  store.appendLockEvent({ docId: room.docId, blockId, action, byName: actor.name, byDelegation: actor.delegation, at, text, reason });
  if (lock.activity === false) return;
  const detail = { ...lock.detail, ...(reason === null ? {} : { reason }) };
  recordActivity(store, room, {
    docId: room.docId,
    kind: action,
    byName: actor.name,
    byInviteId: actor.inviteId,
    at,
    blockId,
    ...(Object.keys(detail).length === 0 ? {} : { detail }),
  });
}
